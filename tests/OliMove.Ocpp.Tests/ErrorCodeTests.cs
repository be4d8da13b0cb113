using Newtonsoft.Json.Linq;
using OliMove.Ocpp.Framing;
using OliMove.Ocpp.Tests.Support;

namespace OliMove.Ocpp.Tests;

/// <summary>Each CALLERROR code of OCPP-J 1.6 table 7 over a real socket; the connection survives all of it.</summary>
public sealed class ErrorCodeTests : IAsyncLifetime
{
    private TestCentralSystem _cs = null!;
    private RawOcppClient _client = null!;

    public async Task InitializeAsync()
    {
        _cs = await TestCentralSystem.StartAsync(o =>
        {
            o.ConfigureAfterBoot = false;
            o.MaxFrameBytes = 4096;
        });
        _client = await RawOcppClient.ConnectAsync(_cs.UriFor("CP-1"), "CP-1", "key-CP-1");
    }

    public async Task DisposeAsync()
    {
        await _client.DisposeAsync();
        await _cs.DisposeAsync();
    }

    [Fact]
    public async Task Answers_SecurityError_to_any_call_before_boot_is_accepted()
    {
        var reply = await _client.ExchangeAsync("""[2,"h1","Heartbeat",{}]""");
        AssertError(reply, "h1", OcppErrorCode.SecurityError);

        (await _client.BootAsync())[2]!["status"]!.ToString().Should().Be("Accepted");
        (await _client.ExchangeAsync("""[2,"h2","Heartbeat",{}]"""))[0]!.Value<int>().Should().Be(3);
    }

    [Fact]
    public async Task Answers_SecurityError_while_the_boot_is_pending()
    {
        _cs.Store.BootDecision = Ocpp.Messages.RegistrationStatus.Pending;
        (await _client.BootAsync())[2]!["status"]!.ToString().Should().Be("Pending");

        AssertError(await _client.ExchangeAsync("""[2,"s1","StatusNotification",{"connectorId":1,"errorCode":"NoError","status":"Available"}]"""),
            "s1", OcppErrorCode.SecurityError);
        _cs.Store.Statuses.Should().BeEmpty();
    }

    [Theory]
    [InlineData("""[2,"e1","Heartbeat",{"extra":1}]""", OcppErrorCode.FormationViolation)]
    [InlineData("""[2,"e1","Heartbeat"]""", OcppErrorCode.ProtocolError)]
    [InlineData("""[2,"e1","StatusNotification",{"connectorId":"1","errorCode":"NoError","status":"Available"}]""", OcppErrorCode.TypeConstraintViolation)]
    [InlineData("""[2,"e1","StatusNotification",{"connectorId":1,"errorCode":"NoError","status":"Napping"}]""", OcppErrorCode.PropertyConstraintViolation)]
    [InlineData("""[2,"e1","StatusNotification",{"connectorId":1,"status":"Available"}]""", OcppErrorCode.OccurenceConstraintViolation)]
    [InlineData("""[2,"e1","MeterValues",{"connectorId":1,"meterValue":[{"timestamp":"2026-01-01T00:00:00Z","sampledValue":[{"value":"abc"}]}]}]""", OcppErrorCode.PropertyConstraintViolation)]
    [InlineData("""[2,"e1","FlyToTheMoon",{}]""", OcppErrorCode.NotImplemented)]
    [InlineData("""[2,"e1","Reset",{"type":"Hard"}]""", OcppErrorCode.NotSupported)]
    [InlineData("""[2,"e1","ReserveNow",{}]""", OcppErrorCode.NotSupported)]
    public async Task Answers_bad_input_with_the_right_code_and_stores_nothing(string frame, string code)
    {
        await _client.BootAsync();

        AssertError(await _client.ExchangeAsync(frame), "e1", code);

        _cs.Store.Statuses.Should().BeEmpty();
        _cs.Store.Samples.Should().BeEmpty();
        (await _client.ExchangeAsync("""[2,"ok","Heartbeat",{}]"""))[0]!.Value<int>().Should().Be(3, "the connection survives");
    }

    [Fact]
    public async Task Answers_non_json_and_oversized_frames_with_FormationViolation_and_ignores_unknown_types()
    {
        await _client.BootAsync();

        AssertError(await _client.ExchangeAsync("this is not json"), "-1", OcppErrorCode.FormationViolation);
        var huge = """[2,"big","DataTransfer",{"vendorId":"X","data":" """ + new string('x', 10_000) + "\"}]";
        AssertError(await _client.ExchangeAsync(huge), "big", OcppErrorCode.FormationViolation);
        await _client.SendAsync("""[7,"x","Heartbeat",{}]""");
        await _client.SendAsync("""[3,"nobody-asked",{}]""");

        var reply = await _client.ExchangeAsync("""[2,"ok","Heartbeat",{}]""");
        reply[1]!.ToString().Should().Be("ok", "ignored frames got no answer and the connection survived");
    }

    [Fact]
    public async Task Stores_a_transaction_before_replying_and_answers_replays_with_the_same_id()
    {
        await _client.BootAsync();
        const string start = """[2,"st","StartTransaction",{"connectorId":1,"idTag":"TAG","meterStart":1000,"timestamp":"2026-01-01T10:00:00Z"}]""";

        var first = await _client.ExchangeAsync(start);
        var replay = await _client.ExchangeAsync(start);

        first[2]!["transactionId"]!.Value<int>().Should().BePositive().And.Be(replay[2]!["transactionId"]!.Value<int>());
        _cs.Store.Transactions.Should().ContainSingle();
        var stop = await _client.ExchangeAsync("""[2,"sp","StopTransaction",{"transactionId":-1,"meterStop":2000,"timestamp":"2026-01-01T11:00:00Z"}]""");
        stop[0]!.Value<int>().Should().Be(3, "transactionId -1 is answered normally");
        _cs.Store.StopsWithUnknownTransaction.Should().Equal("CP-1:-1");
    }

    [Fact]
    public async Task Normalises_kW_and_kWh_and_applies_sampled_value_defaults()
    {
        await _client.BootAsync();

        var reply = await _client.ExchangeAsync("""
            [2,"mv","MeterValues",{"connectorId":1,"transactionId":100,"meterValue":[{"timestamp":"2026-01-01T10:00:00+01:00","sampledValue":[
              {"value":"12.5","unit":"kWh"},
              {"value":"7.4","measurand":"Power.Active.Import","unit":"kW"},
              {"value":"10.7","measurand":"Current.Import","phase":"L2","unit":"A"},
              {"value":"16","measurand":"Current.Offered"},
              {"value":"55","measurand":"SoC","unit":"Percent","location":"EV"}]}]}]
            """);

        reply[0]!.Value<int>().Should().Be(3);
        var samples = _cs.Store.Samples.Select(s => s.Sample).ToArray();
        samples.Select(s => (s.Measurand, s.Value, s.Unit)).Should().Equal(
            (Ocpp.Messages.Measurand.EnergyActiveImportRegister, 12500m, "Wh"),
            (Ocpp.Messages.Measurand.PowerActiveImport, 7400m, "W"),
            (Ocpp.Messages.Measurand.CurrentImport, 10.7m, "A"),
            (Ocpp.Messages.Measurand.CurrentOffered, 16m, "A"),
            (Ocpp.Messages.Measurand.SoC, 55m, "Percent"));
        samples[0].Timestamp.Should().Be(new DateTimeOffset(2026, 1, 1, 9, 0, 0, TimeSpan.Zero));
        samples[0].Context.Should().Be(Ocpp.Messages.ReadingContext.SamplePeriodic);
        samples[0].Location.Should().Be(Ocpp.Messages.Location.Outlet);
        samples[2].Phase.Should().Be(Ocpp.Messages.Phase.L2);
    }

    private static void AssertError(JArray reply, string id, string code)
    {
        reply.Count.Should().Be(5, "a CALLERROR has five elements: {0}", reply.ToString());
        reply[0]!.Value<int>().Should().Be(4);
        reply[1]!.ToString().Should().Be(id);
        reply[2]!.ToString().Should().Be(code);
        reply[4].Should().BeOfType<JObject>();
    }
}
