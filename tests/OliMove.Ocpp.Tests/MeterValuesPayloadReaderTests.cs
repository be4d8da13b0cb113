using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using OliMove.Ocpp.Framing;
using OliMove.Ocpp.Messages;

namespace OliMove.Ocpp.Tests;

/// <summary>
/// The direct MeterValues reader (decision 0290) must give exactly what the serializer gives, and step aside (null) for
/// any payload it does not take whole, so that those keep the serializer's result or error (differential test).
/// </summary>
public sealed class MeterValuesPayloadReaderTests
{
    public static TheoryData<string> PlainPayloads() =>
    [
        """{"connectorId":1,"transactionId":5,"meterValue":[{"timestamp":"2026-01-01T00:00:00Z","sampledValue":[{"value":"1.5","unit":"kWh","phase":"L1-N"},{"value":"7","measurand":"Power.Active.Import","unit":"kW"}]}]}""",
        """{"connectorId":0,"meterValue":[{"timestamp":"2026-01-01T02:00:00.123+02:00","sampledValue":[{"value":"12345.6"}]}]}""",
        """{"meterValue":[{"sampledValue":[{"value":"10.7","measurand":"Current.Import","phase":"L3","unit":"A","context":"Sample.Clock","location":"Inlet","format":"Raw"}],"timestamp":"2026-01-01T00:00:00Z"}],"connectorId":2}""",
        """{"connectorId":1,"transactionId":-1,"meterValue":[{"timestamp":"2026-01-01T00:00:00Z","sampledValue":[{"value":"4F2A","format":"SignedData","context":"Transaction.End"},{"value":"21","measurand":"Temperature","unit":"Celcius","location":"Body"}]},{"timestamp":"2026-01-01T00:00:10Z","sampledValue":[{"value":"80","measurand":"SoC","unit":"Percent","location":"EV"}]}]}""",
        """{"connectorId":1,"meterValue":[]}""",
    ];

    [Theory]
    [MemberData(nameof(PlainPayloads))]
    public void Reads_a_plain_payload_exactly_as_the_serializer_does(string json)
    {
        var expected = Reparse(json).ToObject<MeterValuesRequest>(OcppJson.Serializer)!;

        var read = MeterValuesPayloadReader.TryRead(Reparse(json));

        read.Should().NotBeNull();
        read.Should().BeEquivalentTo(expected, o => o.WithStrictOrdering());
        OcppJson.FromPayload<MeterValuesRequest>(Reparse(json)).Should().BeEquivalentTo(expected, o => o.WithStrictOrdering());
    }

    [Theory]
    [InlineData("""{"connectorId":1,"meterValue":[{"timestamp":"2026-01-01T00:00:00Z","sampledValue":[{"value":"1","measurand":"power.active.import"}]}]}""")]
    [InlineData("""{"connectorId":1.0,"meterValue":[{"timestamp":"2026-01-01T00:00:00Z","sampledValue":[{"value":"1"}]}]}""")]
    [InlineData("""{"connectorId":"1","meterValue":[{"timestamp":"2026-01-01T00:00:00Z","sampledValue":[{"value":"1"}]}]}""")]
    [InlineData("""{"connectorId":1,"meterValue":[{"timestamp":"2026-01-01T00:00:00Z","sampledValue":[{"value":1}]}]}""")]
    [InlineData("""{"connectorId":1,"meterValue":[{"timestamp":"yesterday","sampledValue":[{"value":"1"}]}]}""")]
    [InlineData("""{"connectorId":1,"meterValue":[{"timestamp":"2026-01-01T00:00:00Z","sampledValue":[{"value":"1","extra":true}]}]}""")]
    [InlineData("""{"connectorId":3000000000,"meterValue":[{"timestamp":"2026-01-01T00:00:00Z","sampledValue":[{"value":"1"}]}]}""")]
    [InlineData("""{"connectorId":1,"meterValue":[{"timestamp":"2026-01-01T00:00:00Z"}]}""")]
    [InlineData("""{"meterValue":[{"timestamp":"2026-01-01T00:00:00Z","sampledValue":[{"value":"1"}]}]}""")]
    [InlineData("""{"connectorId":1,"transactionId":null,"meterValue":[{"timestamp":"2026-01-01T00:00:00Z","sampledValue":[{"value":"1"}]}]}""")]
    public void Leaves_any_other_shape_to_the_serializer(string json)
    {
        MeterValuesPayloadReader.TryRead(Reparse(json)).Should().BeNull();
    }

    [Fact]
    public void A_connector_id_beyond_Int32_still_gets_the_serializers_error()
    {
        var payload = Reparse("""{"connectorId":3000000000,"meterValue":[{"timestamp":"2026-01-01T00:00:00Z","sampledValue":[{"value":"1"}]}]}""");

        var read = () => OcppJson.FromPayload<MeterValuesRequest>(payload);

        read.Should().Throw<JsonException>("the dispatcher maps it to PropertyConstraintViolation");
    }

    /// <summary>As the frame reader parses: dates stay text.</summary>
    private static JObject Reparse(string json)
    {
        using var reader = new JsonTextReader(new StringReader(json)) { DateParseHandling = DateParseHandling.None };
        return (JObject)JToken.ReadFrom(reader);
    }
}
