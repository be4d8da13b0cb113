using OliMove.Edge.Configuration;
using OliMove.Edge.Upstream;

namespace OliMove.Edge.Tests.Upstream;

/// <summary>The Upstream section and its key file: refused clearly when unusable, keys never in a message.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class UpstreamConfigurationTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("olimove-upstream-config-").FullName;

    [Fact]
    public void Reads_one_key_per_charger_from_a_file_only_its_owner_can_read()
    {
        var file = KeyFile("# CPO keys\nCP-1 0123456789abcdef01\n\nCP-2   fedcba9876543210fe\n", UnixFileMode.UserRead | UnixFileMode.UserWrite);

        var keys = UpstreamKeyFile.Load(file);

        keys.Count.Should().Be(2);
        keys.KeyOf("CP-1").Should().Be("0123456789abcdef01");
        keys.KeyOf("CP-2").Should().Be("fedcba9876543210fe");
        keys.KeyOf("CP-3").Should().BeNull();
    }

    [Fact]
    public void Refuses_a_key_file_others_may_read()
    {
        var file = KeyFile("CP-1 0123456789abcdef01\n", UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        var load = () => UpstreamKeyFile.Load(file);

        load.Should().Throw<UpstreamKeyFileException>().WithMessage("*must be readable by its owner only (chmod 600)");
    }

    [Theory]
    [InlineData("CP-1\n", "Upstream.KeyFile line 1: expected 'chargePointId key'")]
    [InlineData("CP-1 short-secret\n", "Upstream.KeyFile line 1: the key of 'CP-1' must be 16 to 40 characters")]
    [InlineData("CP-1 0123456789abcdef01\nCP-1 0123456789abcdef02\n", "Upstream.KeyFile line 2: 'CP-1' appears twice")]
    public void Refuses_a_malformed_key_file_without_showing_a_key(string content, string message)
    {
        var file = KeyFile(content, UnixFileMode.UserRead | UnixFileMode.UserWrite);

        var load = () => UpstreamKeyFile.Load(file);

        var error = load.Should().Throw<UpstreamKeyFileException>().Which;
        error.Message.Should().Be(message);
        error.Message.Should().NotContain("0123456789abcdef").And.NotContain("short-secret");
    }

    [Fact]
    public void Upstream_keys_bind_like_every_other_key()
    {
        // The same configuration keys as OLIMOVE_Upstream__Url etc. (the loader reads both sources alike; the
        // process environment is not changed here, as child processes of other tests would inherit it).
        var options = EdgeOptionsLoader.Load(null, new Dictionary<string, string?>
        {
            ["Upstream:Url"] = "wss://cpo.example/ocpp",
            ["Upstream:ReplyBoundSeconds"] = "1.5",
            ["Upstream:UnknownIdTagsOffline"] = "Accept",
        });

        options.Upstream.Url.Should().Be("wss://cpo.example/ocpp");
        options.Upstream.ReplyBoundSeconds.Should().Be(1.5);
        options.Upstream.UnknownIdTagsOffline.Should().Be("Accept");
        options.Upstream.Enabled.Should().BeTrue();
    }

    [Theory]
    [InlineData("https://cpo.example/ocpp", 0, "Upstream.Url 'https://cpo.example/ocpp' is not a ws:// or wss:// URL")]
    [InlineData("ws://cpo.example/ocpp", 2, "Upstream.SecurityProfile 2 needs a wss:// Upstream.Url")]
    [InlineData("wss://cpo.example/ocpp", 1, "Upstream.SecurityProfile 1 needs Upstream.KeyFile")]
    public void Refuses_an_unusable_upstream_section(string url, int profile, string message)
    {
        var load = () => EdgeOptionsLoader.Load(null, new Dictionary<string, string?>
        {
            ["Upstream:Url"] = url,
            ["Upstream:SecurityProfile"] = profile.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });

        load.Should().Throw<EdgeConfigurationException>().Which.Message.Should().Contain(message);
    }

    [Fact]
    public void Without_a_url_there_is_no_upstream_and_nothing_else_is_checked()
    {
        new UpstreamOptions { SecurityProfile = 2, UnknownIdTagsOffline = "Perhaps" }.Check().Should().BeEmpty();
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string KeyFile(string content, UnixFileMode mode)
    {
        var file = Path.Combine(_directory, Guid.NewGuid().ToString("N") + ".keys");
        File.WriteAllText(file, content);
        File.SetUnixFileMode(file, mode);
        return file;
    }
}
