using System.Globalization;
using System.Net.Http.Json;
using System.Numerics;
using System.Text.Json;
using Nethereum.Util;
using OliMove.Chain.Fleet;

namespace OliMove.Chain.Tests;

/// <summary>
/// Issue 19, the fleet view: one set of contracts as the shared ledger of a CPO's sites, read back per site from
/// the contracts' events on anvil, in pages of a few blocks as on a long chain.
/// </summary>
public sealed class FleetReaderTests(FleetLedgerFixture ledger) : IClassFixture<FleetLedgerFixture>
{
    private static readonly BigInteger Rate = DeploymentSettings.OneTokenPerKWhH;
    private readonly ChainFixture _chain = ledger.Chain;

    [Fact]
    public async Task Reads_each_sites_slots_energy_sessions_tokens_and_versions_from_the_contracts_events()
    {
        var view = await new FleetReader(new Nethereum.Web3.Web3(_chain.Node.RpcUrl), _chain.Addresses).ReadAsync();

        view.ChainId.Should().Be(31337);
        view.FromBlock.Should().Be(_chain.Addresses.DeployedAtBlock);
        view.Sites.Select(s => s.Name).Should().Equal("Site A", "Site B", "Site C");
        var a = view.Sites[0];
        a.SiteIdHex.Should().Be(ChainFixture.Site.IdHex);
        a.Operator.Should().BeEquivalentTo(_chain.Operator.Address);
        a.SlotsCommitted.Should().Be(3);
        a.FirstSlot!.SlotId.Should().Be(100);
        a.FirstSlot.Start.Should().Be(DateTimeOffset.FromUnixTimeSeconds(100 * 900));
        a.LastSlot!.SlotId.Should().Be(102);
        a.StatusRows.Should().Be(7);
        a.EnergyWh.Should().Be(13_000, "the sum over the site's Settled events");
        a.SessionsSettled.Should().Be(2);
        a.BillMilliCents.Should().Be(new BigInteger(13_000 * 30), "30 ct/kWh, in milli-cents as the contract bills");
        a.TokensBaseUnits.Should().Be(5_000 * Rate);
        a.AlgorithmVersions.Should().Equal(
            new FleetAlgorithmUse(1, 2, Convert.ToHexStringLower(ChainFixture.Hash(1))),
            new FleetAlgorithmUse(2, 1, Convert.ToHexStringLower(ChainFixture.Hash(21))));
        a.LastVerification!.Slot.SlotId.Should().Be(102);
        a.LastVerification.AlgorithmVersion.Should().Be(2);
        a.LastVerification.CommitmentMatches.Should().BeTrue("the event recomputes to the stored commitment");
        a.LastVerification.AlgorithmPublished.Should().BeTrue();
        a.LastVerification.BlockTime.Should().BeCloseTo(DateTimeOffset.UtcNow, TimeSpan.FromMinutes(10));

        var b = view.Sites[1];
        b.SiteIdHex.Should().Be(FleetLedgerFixture.SiteB.IdHex);
        (b.SlotsCommitted, b.EnergyWh, b.SessionsSettled, b.TokensBaseUnits).Should().Be((1, 20_000L, 1, 7_000 * Rate));
        b.AlgorithmVersions.Should().ContainSingle().Which.Should().Be(new FleetAlgorithmUse(1, 1, Convert.ToHexStringLower(ChainFixture.Hash(1))));

        var c = view.Sites[2];
        (c.SlotsCommitted, c.EnergyWh, c.SessionsSettled, c.FirstSlot, c.LastVerification).Should().Be((0, 0L, 0, (FleetSlot?)null, (FleetLastCommitment?)null));

        (view.SlotsCommitted, view.EnergyWh, view.SessionsSettled, view.TokensBaseUnits).Should().Be((4, 33_000L, 3, 12_000 * Rate));
        view.Algorithms.Select(x => (x.Version, x.Description)).Should().Equal((1u, "allocator v1"), (2u, "allocator v2"));
    }

    [Fact]
    public async Task Pages_of_two_blocks_give_the_same_view_as_one_read()
    {
        var web3 = new Nethereum.Web3.Web3(_chain.Node.RpcUrl);
        var whole = await new FleetReader(web3, _chain.Addresses, new FleetReadOptions { BlocksPerPage = 1_000_000 }).ReadAsync();
        var paged = await new FleetReader(web3, _chain.Addresses, new FleetReadOptions { BlocksPerPage = 2 }).ReadAsync();

        whole.LogRequests.Should().Be(1);
        paged.ToBlock.Should().Be(whole.ToBlock);
        paged.LogRequests.Should().Be((int)((whole.ToBlock - whole.FromBlock) / 2) + 1, "one eth_getLogs per two blocks");
        paged.Sites.Should().BeEquivalentTo(whole.Sites, o => o.WithStrictOrdering());
        paged.Algorithms.Should().Equal(whole.Algorithms);
    }

    [Fact]
    public async Task A_node_that_refuses_a_long_range_gets_half_pages_until_it_answers()
    {
        var web3 = new Nethereum.Web3.Web3(_chain.Node.RpcUrl);
        var whole = await new FleetReader(web3, _chain.Addresses).ReadAsync();
        await using var limited = new RangeLimitedNode(_chain.Node.RpcUrl, maxBlocks: 3);

        var paged = await new FleetReader(new Nethereum.Web3.Web3(limited.Url), _chain.Addresses, new FleetReadOptions { BlocksPerPage = 1_000 }).ReadAsync();

        limited.Refused.Should().BeGreaterThan(0, "the first page was over the node's limit");
        paged.LogRequests.Should().BeGreaterThan(1);
        paged.Sites.Should().BeEquivalentTo(whole.Sites, o => o.WithStrictOrdering());
    }

    [Fact]
    public async Task Leaves_the_confirmation_depth_out_of_the_view()
    {
        var web3 = new Nethereum.Web3.Web3(_chain.Node.RpcUrl);
        var head = (long)(await web3.Eth.Blocks.GetBlockNumber.SendRequestAsync()).Value;

        // Site B's settlement is the newest block: one block deep, the view is as it was before it.
        var view = await new FleetReader(web3, _chain.Addresses, new FleetReadOptions { Confirmations = 1 }).ReadAsync();

        view.ToBlock.Should().Be(head - 1);
        view.Sites.Single(s => s.Name == "Site B").SessionsSettled.Should().Be(0);
        view.Sites.Single(s => s.Name == "Site B").SlotsCommitted.Should().Be(1);
    }

    [Fact]
    public async Task A_stored_commitment_that_differs_from_its_event_shows_in_the_last_verification()
    {
        // AssetStatus keeps commitments in its first own storage slot (after AccessControl's _roles).
        var key = ChainIds.SlotKey(FleetLedgerFixture.SiteB.Id, 100);
        var storageSlot = "0x" + Convert.ToHexStringLower(Sha3Keccack.Current.CalculateHash([.. key, .. new byte[31], 1]));
        var stored = await _chain.Status(_chain.Admin).SlotCommitmentAsync(FleetLedgerFixture.SiteB.Id, 100);
        (await RpcAsync<string>("eth_getStorageAt", _chain.Addresses.AssetStatus, storageSlot, "latest")).Should().Be("0x" + Convert.ToHexStringLower(stored), "the test writes where the contract keeps it");

        await RpcAsync<JsonElement?>("anvil_setStorageAt", _chain.Addresses.AssetStatus, storageSlot, "0x" + new string('e', 64));
        var view = await new FleetReader(new Nethereum.Web3.Web3(_chain.Node.RpcUrl), _chain.Addresses).ReadAsync();

        view.Sites.Single(s => s.Name == "Site B").LastVerification!.CommitmentMatches.Should().BeFalse();
        view.Sites.Single(s => s.Name == "Site A").LastVerification!.CommitmentMatches.Should().BeTrue();
    }

    private async Task<T?> RpcAsync<T>(string method, params object[] parameters)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        using var response = await http.PostAsJsonAsync(_chain.Node.RpcUrl, new { jsonrpc = "2.0", id = 1, method, @params = parameters });
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        body.TryGetProperty("error", out var error).Should().BeFalse(string.Create(CultureInfo.InvariantCulture, $"{method}: {error}"));
        return body.GetProperty("result").Deserialize<T>();
    }
}
