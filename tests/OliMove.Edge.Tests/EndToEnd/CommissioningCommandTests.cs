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
    public async Task Chain_deploy_writes_the_addresses_and_makes_the_key_the_operator()
    {
        await using var node = await AnvilNode.StartAsync();
        var directory = Directory.CreateTempSubdirectory("olimove-deploy-");
        try
        {
            var keyFile = Path.Combine(directory.FullName, "operator.key");
            await File.WriteAllTextAsync(keyFile, AnvilNode.DevPrivateKeys[1] + "\n");
            var addressesFile = Path.Combine(directory.FullName, "addresses.json");

            var (exit, output, error) = await Run("chain", "deploy", "--rpc", node.RpcUrl, "--key-file", keyFile, "--out", addressesFile, "--tariff-cents", "42", "--tokens-per-kwhh", "2.5");

            exit.Should().Be(0, error);
            output.Should().NotContain(AnvilNode.DevPrivateKeys[1][2..], "a key is never printed");
            var addresses = await ChainAddresses.LoadAsync(addressesFile);
            addresses.ChainId.Should().Be(31337);
            var account = new Nethereum.Web3.Accounts.Account(AnvilNode.DevPrivateKeys[1]).Address;
            var web3 = new Web3(node.RpcUrl);
            (await new AssetRegistryClient(web3, addresses.AssetRegistry).HasRoleAsync(ChainIds.OperatorRole, account)).Should().BeTrue();
            (await new ChargingSettlementClient(web3, addresses.ChargingSettlement).HasRoleAsync(ChainIds.OperatorRole, account)).Should().BeTrue();
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
