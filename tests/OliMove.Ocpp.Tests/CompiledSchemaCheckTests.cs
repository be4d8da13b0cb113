using System.Text;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using OliMove.Ocpp.Messages;

namespace OliMove.Ocpp.Tests;

/// <summary>The compiled fast path may only ever say "valid" where NJsonSchema agrees (differential test).</summary>
public sealed class CompiledSchemaCheckTests
{
    private static readonly (string Action, string Payload)[] ValidPayloads =
    [
        ("BootNotification", """{"chargePointVendor":"V","chargePointModel":"M","firmwareVersion":"1.0"}"""),
        ("StatusNotification", """{"connectorId":1,"errorCode":"NoError","status":"Charging","timestamp":"2026-01-01T00:00:00Z"}"""),
        ("StartTransaction", """{"connectorId":1,"idTag":"TAG","meterStart":10,"timestamp":"2026-01-01T00:00:00Z"}"""),
        ("StopTransaction", """{"transactionId":5,"meterStop":20,"timestamp":"2026-01-01T01:00:00Z","reason":"Local","transactionData":[{"timestamp":"2026-01-01T00:00:00Z","sampledValue":[{"value":"1"}]}]}"""),
        ("MeterValues", """{"connectorId":1,"transactionId":5,"meterValue":[{"timestamp":"2026-01-01T00:00:00Z","sampledValue":[{"value":"1.5","unit":"kWh","phase":"L1-N"},{"value":"7","measurand":"Power.Active.Import","unit":"kW"}]}]}"""),
        ("SetChargingProfile", """{"connectorId":1,"csChargingProfiles":{"chargingProfileId":1,"stackLevel":0,"chargingProfilePurpose":"TxDefaultProfile","chargingProfileKind":"Absolute","chargingSchedule":{"chargingRateUnit":"A","startSchedule":"2026-01-01T00:00:00Z","chargingSchedulePeriod":[{"startPeriod":0,"limit":16.1,"numberPhases":3}]}}}"""),
        ("DataTransfer", """{"vendorId":"X","messageId":"m","data":"d"}"""),
        ("Authorize", """{"idTag":"TAG-1"}"""),
    ];

    [Fact]
    public async Task Compiles_every_official_schema_but_the_two_with_uri_formats()
    {
        var schemas = await OcppSchemaSet.LoadEmbeddedAsync();

        var notCompiled = OcppActions.FromChargePoint.Concat(OcppActions.FromCentralSystem).Distinct()
            .SelectMany(a => new[] { (a, schemas.FindRequest(a)!), (a + "Response", schemas.FindResponse(a)!) })
            .Where(s => CompiledSchemaCheck.TryCompile(s.Item2) is null)
            .Select(s => s.Item1);

        notCompiled.Should().BeEquivalentTo(["GetDiagnostics", "UpdateFirmware"], "format uri is left to NJsonSchema");
    }

    [Fact]
    public async Task Never_calls_valid_what_NJsonSchema_rejects_over_20000_mutated_payloads()
    {
        var schemas = await OcppSchemaSet.LoadEmbeddedAsync();
        var random = new Random(42);
        int fastValid = 0, checkedPayloads = 0;
        foreach (var (action, payload) in ValidPayloads)
        {
            var schema = schemas.FindRequest(action)!;
            using var reader = new JsonTextReader(new StringReader(payload)) { DateParseHandling = DateParseHandling.None };
            CompiledSchemaCheck.TryCompile(schema)!.IsCertainlyValid(JObject.Load(reader)).Should().BeTrue(action);
        }
        for (var i = 0; i < 20_000; i++)
        {
            var (action, template) = ValidPayloads[random.Next(ValidPayloads.Length)];
            var schema = schemas.FindRequest(action)!;
            JObject payload;
            try
            {
                using var reader = new JsonTextReader(new StringReader(Mutate(random, template))) { DateParseHandling = DateParseHandling.None };
                payload = JObject.Load(reader);
            }
            catch (JsonException)
            {
                continue;
            }
            checkedPayloads++;
            if (CompiledSchemaCheck.TryCompile(schema)!.IsCertainlyValid(payload))
            {
                fastValid++;
                schema.Validate(payload).Should().BeEmpty("the fast path called {0} valid", payload.ToString(Formatting.None));
            }
        }
        checkedPayloads.Should().BeGreaterThan(5_000);
        fastValid.Should().BeGreaterThan(500, "the mutations leave some payloads valid");
    }

    private static string Mutate(Random random, string json)
    {
        var builder = new StringBuilder(json);
        for (var m = random.Next(1, 3); m > 0 && builder.Length > 0; m--)
        {
            var at = random.Next(builder.Length);
            switch (random.Next(6))
            {
                case 0:
                    builder.Remove(at, Math.Min(builder.Length - at, 1 + random.Next(3)));
                    break;
                case 1:
                    builder.Insert(at, "0123456789.-\"ae,:{}[]"[random.Next(21)]);
                    break;
                case 2:
                    builder[at] = "0123456789.-eE\"x "[random.Next(17)];
                    break;
                case 3:
                    builder.Replace("\"A\"", "\"X\"").Replace("16.1", "16.15").Replace("\"V\"", "\"" + new string('v', 21) + "\"");
                    break;
                case 4:
                    builder.Replace(":1,", ":1.0,").Replace("\"Local\"", "\"local\"").Replace("00Z", "00");
                    break;
                default:
                    builder.Replace("\"connectorId\":1", "\"connectorId\":\"1\"").Replace("\"value\":\"1\"", "\"value\":1");
                    break;
            }
        }
        return builder.ToString();
    }
}
