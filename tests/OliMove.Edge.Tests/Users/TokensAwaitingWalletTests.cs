using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using OliMove.Chain;
using OliMove.Chain.Clients;
using OliMove.Edge.Hosting;
using OliMove.Edge.Sessions;
using OliMove.Edge.Testing;
using OliMove.Edge.Users;
using OliMove.Ocpp.Messages;
using OliMove.Storage;
using OliMove.Tools.CpSimulator;

namespace OliMove.Edge.Tests.Users;

/// <summary>
/// Decision 0393: a receipt's tokens are always minted once the account has an eWallet. A session can settle with
/// tokens while its driver's account has none yet (the card was not bound when it was presented: claimed by two
/// accounts, or a StartTransaction stamped before the claim); the receipt says the tokens wait, and the chain
/// settlement is queued in the unit of work that gives the account its wallet. Real OCPP, real SQLite, real anvil.
/// </summary>
public class TokensAwaitingWalletTests
{
    // One 15-minute slot every 1.5 s; the test waits for states, the speed only makes the session's half hour short.
    private const double Speed = 600;
    private const string ChargePoint = "OLI-DEMO-01";

    private const string SiteMap = """
        site:
          id: tokens
          name: Tokens test site
          nominalVoltageV: 230
        gridConnection:
          limitA: 63
        circuits:
          - id: garage
            limitA: 32
        chargePoints:
          - chargePointId: OLI-DEMO-01
            circuit: garage
            authorizationKeyHash: "pbkdf2-sha256$100000$wRiqS+azgKKMayrLdgIkrg==$K9Qe9vPteWQEg821a6wyRc6GlnSQtbLbd79xgjW2zyY="
            chargingRateUnit: A
            connectors:
              - connectorId: 1
                evseId: "DE*OLI*E0001*1"
                connectionType: Type2
                ratedPowerW: 22000
                phases: 3
        """;

    [Fact]
    public async Task Tokens_settled_before_the_account_had_a_wallet_wait_on_the_receipt_and_are_minted_once_when_its_card_is_bound()
    {
        var directory = Path.Combine(Path.GetTempPath(), "olimove-tokens-wallet-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        await using var anvil = await AnvilNode.StartAsync();
        var admin = ChainConnection.Create(anvil.RpcUrl, AnvilNode.DevPrivateKeys[0], 31337);
        var site = new ChainSite("tokens");
        var addresses = await TestChainDeployment.DeployAndJoinAsync(admin, site.SiteMapId, admin.Address);
        var addressesFile = Path.Combine(directory, "addresses.json");
        await addresses.SaveAsync(addressesFile);
        var operatorKey = Path.Combine(directory, "operator.key");
        await File.WriteAllTextAsync(operatorKey, AnvilNode.DevPrivateKeys[0]);
        var masterKey = Path.Combine(directory, "wallet-master.key");
        await File.WriteAllTextAsync(masterKey, Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)));
        var clock = new AcceleratedTimeProvider(DateTimeOffset.UtcNow, Speed);
        await using var host = await EdgeTestHost.StartAsync(clock, SiteMap, o =>
        {
            o.Chain.RpcUrl = anvil.RpcUrl;
            o.Chain.AddressesFile = addressesFile;
            o.Chain.OperatorKeyFile = operatorKey;
            o.Chain.WalletMasterKeyFile = masterKey;
            o.Chain.KeystoreScryptN = 4096;
            // The claims must stay open however slow the sign-ups are on a loaded machine (site minutes at 600x).
            o.Cards.ClaimMinutes = 1440;
        }, Path.Combine(directory, "host"));
        // Sign-ups hash a password (PBKDF2) and make a wallet (scrypt): on a loaded machine one took over 30 s.
        using var http = new HttpClient { BaseAddress = host.BaseUri, Timeout = TimeSpan.FromSeconds(120) };

        // Ada and Mallory both claim TAG-ADA: presented at the charger it binds to neither (decision 0241), so Ada's
        // account has no eWallet when her opted-in session settles. The session still meets her request.
        var (ada, cardWallet) = await SignUpAsync(http, "ada", "TAG-ADA");
        await SignUpAsync(http, "mallory", "TAG-ADA");
        using (var request = Authorized(HttpMethod.Post, "api/v1/me/requests", ada))
        {
            request.Content = JsonContent.Create(new { chargePointId = ChargePoint, connectorId = 1, optIn = true, energyKWh = 10, departure = clock.GetUtcNow().AddHours(3) });
            var answer = await (await http.SendAsync(request)).Content.ReadFromJsonAsync<JsonElement>();
            answer.GetProperty("state").GetString().Should().Be("Accepted", answer.ToString());
        }

        await using var cp = new SimulatedChargePoint(new SimulatedChargePointOptions
        {
            ChargePointId = ChargePoint,
            CentralSystem = new Uri(host.OcppUri.ToString().TrimEnd('/')),
            AuthorizationKey = $"demo-key-{ChargePoint}",
            AllowedChargingRateUnits = "Current,Power",
            // The simulator's timeouts run on the accelerated clock: 20 real seconds.
            CallTimeout = TimeSpan.FromSeconds(20 * Speed),
        }, clock);
        await cp.ConnectAsync();
        await cp.BootAsync();
        await cp.StatusAsync(1, ChargePointStatus.Charging);
        var startedAt = clock.GetUtcNow();
        await cp.StartTransactionAsync(1, "TAG-ADA", new FixedLimitCar(3_700));
        var transactionId = cp.TransactionIdOn(1)!.Value;
        var users = host.Get<UserRepository>();
        (await users.GetByIdTagAsync("TAG-ADA")).Should().BeNull("a card claimed by two accounts binds to neither");

        // Half an hour at the charger, well before the declared departure: flexibility, so tokens.
        await Poll.UntilAsync(() => clock.GetUtcNow() >= startedAt.AddMinutes(30), "half an hour has passed at the charger", 60);
        await cp.StopTransactionAsync(1);
        var settlements = host.Get<SessionSettlementRepository>();
        await Poll.UntilAsync(() => settlements.GetAsync(transactionId).GetAwaiter().GetResult() is not null, "the session is settled");
        var settlement = (await settlements.GetAsync(transactionId))!;
        settlement.TokensBaseUnits.Should().BeGreaterThan(System.Numerics.BigInteger.Zero, "Ada opted in and stayed longer than her car needed");
        var key = SessionSettler.ChainKey(transactionId);
        var outbox = host.Get<ChainOutboxRepository>();
        (await outbox.GetByKeysAsync([key])).Should().BeEmpty("the account has no eWallet to mint to yet");
        var waiting = await ReceiptAsync(http, ada, transactionId);
        waiting.GetProperty("tokensBaseUnits").GetString().Should().Be(settlement.TokensBaseUnits.ToString(System.Globalization.CultureInfo.InvariantCulture));
        waiting.GetProperty("flexibilitySentence").GetString().Should().Contain("wait for your account's eWallet").And.NotContain("earned");

        // The operator confirms the card is Ada's: her account adopts the card's wallet and, in the same unit of work,
        // the settlement that waited for it is queued; the chain mints exactly the receipt's tokens to that wallet.
        var bound = await host.Get<CardBinding>().BindByOperatorAsync("ada", "TAG-ADA", "test operator", CancellationToken.None);
        bound.Value.State.Should().Be(CardView.Bound);
        (await users.GetByLoginAsync("ada"))!.WalletAddress.Should().BeEquivalentTo(cardWallet);
        await Poll.UntilAsync(
            () => outbox.GetByKeysAsync([key]).GetAwaiter().GetResult() is [{ State: OutboxItemState.Confirmed }],
            "the waiting settlement is confirmed on chain", 60);
        var chainSettlement = new ChargingSettlementClient(admin.Web3, addresses.ChargingSettlement);
        var settled = (await chainSettlement.GetSettledEventsAsync(site.Id, ChainIds.SessionNumber(SessionSettler.SessionKey(transactionId)))).Should().ContainSingle().Subject;
        settled.User.Should().BeEquivalentTo(cardWallet, "the tokens go to the account's eWallet");
        settled.Tokens.Should().Be(settlement.TokensBaseUnits, "the receipt said to the base unit what is minted");
        (await new FlexTokenClient(admin.Web3, addresses.FlexToken).BalanceOfAsync(cardWallet)).Should().Be(settlement.TokensBaseUnits);
        (await ReceiptAsync(http, ada, transactionId)).GetProperty("flexibilitySentence").GetString().Should().Contain("earned you");

        // Never twice: the same settlement found again (another wallet write, a retry) is not queued again.
        var adaId = (await users.GetByLoginAsync("ada"))!.Id;
        var requeued = await host.Get<EdgeDatabase>().WriteAsync(scope =>
            host.Get<SettlementsAwaitingWallet>().EnqueueAsync(scope, adaId, cardWallet, CancellationToken.None));
        requeued.Should().Be(0, "its outbox item exists under the session's key");
    }

    private static HttpRequestMessage Authorized(HttpMethod method, string path, string token)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return request;
    }

    private static async Task<(string Token, string Wallet)> SignUpAsync(HttpClient http, string login, string idTag)
    {
        var signUp = await http.PostAsJsonAsync("api/v1/me/sign-up", new { login, password = "correct horse battery", idTag });
        var body = await signUp.Content.ReadFromJsonAsync<JsonElement>();
        signUp.StatusCode.Should().Be(System.Net.HttpStatusCode.Created, body.ToString());
        return (body.GetProperty("token").GetString()!, body.GetProperty("walletAddress").GetString()!);
    }

    private static async Task<JsonElement> ReceiptAsync(HttpClient http, string token, int transactionId)
    {
        using var request = Authorized(HttpMethod.Get, "api/v1/me/sessions", token);
        var receipts = await (await http.SendAsync(request)).Content.ReadFromJsonAsync<JsonElement>();
        return receipts.GetProperty("items").EnumerateArray().Single(r => r.GetProperty("transactionId").GetInt64() == transactionId);
    }
}
