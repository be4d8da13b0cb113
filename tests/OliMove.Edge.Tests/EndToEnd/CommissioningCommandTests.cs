using System.CommandLine;
using Nethereum.Web3;
using OliMove.Chain;
using OliMove.Chain.Clients;
using OliMove.Edge.Cli;
using OliMove.Tools.PvSimulator;

namespace OliMove.Edge.Tests.EndToEnd;

/// <summary>The commissioning verbs as a technician runs them: against a real SunSpec simulator and a real anvil.</summary>
public class CommissioningCommandTests
{
    private static async Task<(int ExitCode, string Output, string Error)> Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = await EdgeCommandLine.Build().Parse(args).InvokeAsync(new InvocationConfiguration { Output = output, Error = error });
        return (exit, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task Pv_probe_finds_a_SunSpec_inverter_and_exits_0()
    {
        await using var inverter = new SunSpecInverterSimulator(new SimulatorOptions { Port = 0, UnitId = 1, RatedPowerW = 30_000 }, TimeProvider.System, _ => 12_345);
        var port = inverter.Start();

        var (exit, output, _) = await Run("pv", "probe", "--host", "127.0.0.1", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--unit", "1");

        exit.Should().Be(0);
        output.Should().Contain("OliMove").And.Contain("PV-SIM");
    }

    [Fact]
    public async Task Pv_probe_of_a_wrong_unit_id_exits_1_with_a_hint()
    {
        await using var inverter = new SunSpecInverterSimulator(new SimulatorOptions { Port = 0, UnitId = 1 }, TimeProvider.System, _ => 0);
        var port = inverter.Start();

        var (exit, output, error) = await Run("pv", "probe", "--host", "127.0.0.1", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--unit", "7", "--timeout", "1");

        exit.Should().Be(1);
        output.Should().BeEmpty();
        error.Should().Contain("unit");
    }

    [Fact]
    public async Task Pv_probe_of_a_closed_port_exits_1()
    {
        var port = FreePort();

        var (exit, _, error) = await Run("pv", "probe", "--host", "127.0.0.1", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--timeout", "1");

        exit.Should().Be(1);
        error.Should().NotBeEmpty();
    }

    [Fact]
    public async Task Chain_deploy_makes_the_key_admin_only_and_chain_join_gives_the_sites_operator_its_roles()
    {
        await using var node = await AnvilNode.StartAsync();
        var directory = Directory.CreateTempSubdirectory("olimove-deploy-");
        try
        {
            var adminKey = Path.Combine(directory.FullName, "admin.key");
            await File.WriteAllTextAsync(adminKey, AnvilNode.DevPrivateKeys[1] + "\n");
            var addressesFile = Path.Combine(directory.FullName, "addresses.json");
            var admin = new Nethereum.Web3.Accounts.Account(AnvilNode.DevPrivateKeys[1]).Address;
            var operatorAccount = new Nethereum.Web3.Accounts.Account(AnvilNode.DevPrivateKeys[2]).Address;

            var (exit, output, error) = await Run("chain", "deploy", "--rpc", node.RpcUrl, "--key-file", adminKey, "--out", addressesFile,
                "--tariff-cents", "42", "--tokens-per-kwhh", "2.5", "--laxity-cap-hours", "6", "--max-energy-wh", "150000");

            exit.Should().Be(0, error);
            output.Should().NotContain(AnvilNode.DevPrivateKeys[1][2..], "a key is never printed");
            var addresses = await ChainAddresses.LoadAsync(addressesFile);
            addresses.ChainId.Should().Be(31337);
            var web3 = new Web3(node.RpcUrl);
            var registry = new AssetRegistryClient(web3, addresses.AssetRegistry);
            var settlement = new ChargingSettlementClient(web3, addresses.ChargingSettlement);
            (await settlement.HasRoleAsync(ChainIds.AdminRole, admin)).Should().BeTrue();
            (await settlement.GetRatesAsync()).Should().Be(new SettlementRates(42, 2_500_000_000_000_000, 360, 150_000), "the values the site will bill with");
            var site = new ChainSite("demo");
            (await registry.OperatorOfAsync(site.Id)).Should().Be("0x0000000000000000000000000000000000000000", "no site before it joins");

            var siteMap = Path.Combine(AnvilNode.FindRepoRoot(), "site-maps", "demo.yaml");
            (exit, output, error) = await Run("chain", "join", "--rpc", node.RpcUrl, "--key-file", adminKey, "--addresses", addressesFile, "--site", siteMap, "--operator", operatorAccount);

            exit.Should().Be(0, error);
            output.Should().Contain("site 'demo'").And.Contain(operatorAccount);
            (await registry.OperatorOfAsync(site.Id)).Should().BeEquivalentTo(operatorAccount);
            var siteRole = ChainIds.SiteOperatorRole(site.Id);
            (await registry.HasRoleAsync(siteRole, operatorAccount)).Should().BeTrue();
            (await new AssetStatusClient(web3, addresses.AssetStatus).HasRoleAsync(siteRole, operatorAccount)).Should().BeTrue();
            (await settlement.HasRoleAsync(siteRole, operatorAccount)).Should().BeTrue();
            (await new AlgorithmRegistryClient(web3, addresses.AlgorithmRegistry).HasRoleAsync(ChainIds.OperatorRole, operatorAccount)).Should().BeTrue();
            (await settlement.HasRoleAsync(ChainIds.AdminRole, operatorAccount)).Should().BeFalse("the site's key administers nothing");
            (await settlement.HasRoleAsync(siteRole, admin)).Should().BeFalse("the admin does not write for sites");

            // Joining with a key that is not the admin's changes nothing and says why.
            var operatorKey = Path.Combine(directory.FullName, "operator.key");
            await File.WriteAllTextAsync(operatorKey, AnvilNode.DevPrivateKeys[2]);
            (exit, _, error) = await Run("chain", "join", "--rpc", node.RpcUrl, "--key-file", operatorKey, "--addresses", addressesFile, "--site", siteMap, "--operator", new Nethereum.Web3.Accounts.Account(AnvilNode.DevPrivateKeys[3]).Address);
            exit.Should().Be(1);
            error.Should().Contain("joining the site");
            (await registry.OperatorOfAsync(site.Id)).Should().BeEquivalentTo(operatorAccount);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Chain_deploy_with_a_missing_key_file_fails_without_writing()
    {
        var addressesFile = Path.Combine(Path.GetTempPath(), "olimove-" + Guid.NewGuid().ToString("N") + ".json");

        var (exit, _, error) = await Run("chain", "deploy", "--rpc", "http://127.0.0.1:1", "--key-file", "/nonexistent/key", "--out", addressesFile);

        exit.Should().Be(1);
        error.Should().Contain("does not exist");
        File.Exists(addressesFile).Should().BeFalse();
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
