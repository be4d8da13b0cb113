using OliMove.Edge.Configuration;

namespace OliMove.Edge.Tests.Configuration;

/// <summary>Issue 19, one tariff: with a chain the contract's tariff, rate and laxity cap are billed (decision 0258).</summary>
public class OneTariffConfigurationTests
{
    private static string Repo(params string[] parts) => Path.Combine([AnvilRoot(), .. parts]);

    [Theory]
    [InlineData("TariffMinorPerKWh", "30")]
    [InlineData("TokensPerKWhH", "1")]
    [InlineData("LaxityCapHours", "8")]
    public void A_tariff_in_the_config_next_to_a_chain_is_refused_naming_the_key(string key, string value)
    {
        var load = () => EdgeOptionsLoader.Load(null, new Dictionary<string, string?>
        {
            ["Chain:RpcUrl"] = "http://127.0.0.1:8545",
            [$"Billing:{key}"] = value,
        });

        load.Should().Throw<EdgeConfigurationException>().Which.Message.Should().Contain($"Billing.{key} must not be set with a chain");
    }

    [Fact]
    public void Without_a_chain_the_config_tariff_bills_in_the_contracts_units()
    {
        var options = EdgeOptionsLoader.Load(null, new Dictionary<string, string?>
        {
            ["Billing:TariffMinorPerKWh"] = "42",
            ["Billing:TokensPerKWhH"] = "2.5",
            ["Billing:LaxityCapHours"] = "6",
        });

        var rates = options.Billing.RatesWithoutChain();

        rates.Should().Be(new OliMove.Chain.SettlementRates(42, 2_500_000_000_000_000, 360, uint.MaxValue));
        rates.TokensFor(1_234).Should().Be(1_234 * 2_500_000_000_000_000L);
    }

    [Fact]
    public void The_demo_config_with_a_chain_leaves_the_tariff_to_the_contract()
    {
        var load = () => EdgeOptionsLoader.Load(Repo("config", "demo.json"), new Dictionary<string, string?> { ["Chain:RpcUrl"] = "http://127.0.0.1:8545" });

        load.Should().NotThrow();
    }

    [Fact]
    public void The_site_example_with_its_chain_sets_no_tariff()
    {
        // The example names files of a real box (certificate, token hashes to fill in), so it does not load here;
        // what matters is that none of its complaints is about Billing.
        var load = () => EdgeOptionsLoader.Load(Repo("config", "site.example.json"), new Dictionary<string, string?>());

        var message = "";
        try
        {
            load();
        }
        catch (EdgeConfigurationException e)
        {
            message = e.Message;
        }

        message.Should().NotContain("Billing");
    }

    private static string AnvilRoot() => OliMove.Chain.AnvilNode.FindRepoRoot();
}
