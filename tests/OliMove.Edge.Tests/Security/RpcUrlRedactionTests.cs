using OliMove.Chain;

namespace OliMove.Edge.Tests.Security;

/// <summary>The chain node's URL never shows its key in the API or the logs (issue 21).</summary>
public class RpcUrlRedactionTests
{
    [Theory]
    [InlineData("https://mainnet.infura.io/v3/0123456789abcdef0123456789abcdef", "https://mainnet.infura.io/v3/***")]
    [InlineData("https://eth-mainnet.g.alchemy.com/v2/Ab1Cd2Ef3Gh4Ij5Kl6Mn7Op8Qr9St0Uv", "https://eth-mainnet.g.alchemy.com/v2/***")]
    [InlineData("https://operator:s3cret-pass@rpc.example.net:8545/", "https://***@rpc.example.net:8545")]
    [InlineData("https://rpc.example.net/eth?apikey=s3cret&x=1", "https://rpc.example.net/eth?***")]
    [InlineData("http://127.0.0.1:8545", "http://127.0.0.1:8545")]
    [InlineData("not a url with a s3cret", "***")]
    public void Redacts_userinfo_query_and_key_like_path_segments(string url, string shown)
    {
        RpcUrlRedaction.Redact(url).Should().Be(shown);
    }

    [Fact]
    public void A_connection_shows_and_scrubs_only_the_redacted_url()
    {
        const string url = "https://user:s3cret@rpc.example.net/v3/0123456789abcdef0123456789abcdef";
        var connection = ChainConnection.Create(url, "0x" + new string('1', 64), 100);

        connection.RpcUrl.Should().Be("https://***@rpc.example.net/v3/***");
        connection.Scrub($"Error sending to {url}: refused").Should().Be("Error sending to https://***@rpc.example.net/v3/***: refused");
    }
}
