using System.Text;
using Newtonsoft.Json.Linq;
using OliMove.Ocpp.Framing;
using OliMove.Ocpp.Messages;

namespace OliMove.Ocpp.Tests;

/// <summary>
/// The one-pass reader of the frequent frames (decision 0330) may only take a frame that the general way (frame
/// reader, schema validation, serializer) takes too, with the same request; everything else it leaves to the general
/// way, so no CALLERROR can change. Differential: every frame here, and thousands of mutations of them, are read both
/// ways and compared.
/// </summary>
public sealed class TypedCallReaderTests
{
    private static readonly string[] PlainFrames =
    [
        """[2,"m1","MeterValues",{"connectorId":1,"transactionId":5,"meterValue":[{"timestamp":"2026-01-01T00:00:00Z","sampledValue":[{"value":"1.5","unit":"kWh","phase":"L1-N"},{"value":"7","measurand":"Power.Active.Import","unit":"kW"}]}]}]""",
        """ [ 2 , "m-2" , "MeterValues" , { "connectorId" : 0 , "meterValue" : [ { "timestamp" : "2026-01-01T02:00:00.123+02:00" , "sampledValue" : [ { "value" : "12345.6" } ] } ] } ] """,
        """[2,"m3","MeterValues",{"meterValue":[{"sampledValue":[{"value":"10.7","measurand":"Current.Import","phase":"L3","unit":"A","context":"Sample.Clock","location":"Inlet","format":"Raw"}],"timestamp":"2026-01-01T00:00:00Z"}],"connectorId":2}]""",
        """[2,"m4","MeterValues",{"connectorId":1,"transactionId":-1,"meterValue":[{"timestamp":"2026-01-01T00:00:00Z","sampledValue":[{"value":"4F2A","format":"SignedData","context":"Transaction.End"},{"value":"21","measurand":"Temperature","unit":"Celcius","location":"Body"}]},{"timestamp":"2026-01-01T00:00:10Z","sampledValue":[{"value":"80","measurand":"SoC","unit":"Percent","location":"EV"}]}]}]""",
        """[2,"m5","MeterValues",{"connectorId":1,"meterValue":[]}]""",
        """[2,"m\u00e9","MeterValues",{"connector\u0049d":1,"meterValue":[{"timestamp":"2026-01-01T00:00:00Z","sampledValue":[{"value":"a\"b\\c\u00fc\n","unit":"\u0057h"}]}]}]""",
        """[2,"123456789012345678901234567890123456","Heartbeat",{}]""",
        "[2,\"h\",\"Heartbeat\",{ }]\n",
    ];

    private static readonly string[] LeftToTheGeneralWay =
    [
        """[2,"m","MeterValues",{"connectorId":1,"meterValue":[{"timestamp":"2026-01-01T00:00:00Z","sampledValue":[{"value":"1","measurand":"power.active.import"}]}]}]""",
        """[2,"m","MeterValues",{"connectorId":1.0,"meterValue":[{"timestamp":"2026-01-01T00:00:00Z","sampledValue":[{"value":"1"}]}]}]""",
        """[2,"m","MeterValues",{"connectorId":1e0,"meterValue":[]}]""",
        """[2,"m","MeterValues",{"connectorId":"1","meterValue":[]}]""",
        """[2,"m","MeterValues",{"connectorId":1,"meterValue":[{"timestamp":"2026-01-01T00:00:00Z","sampledValue":[{"value":1}]}]}]""",
        """[2,"m","MeterValues",{"connectorId":1,"meterValue":[{"timestamp":"yesterday","sampledValue":[{"value":"1"}]}]}]""",
        """[2,"m","MeterValues",{"connectorId":1,"meterValue":[{"timestamp":"2026-01-01T00:00:00Z","sampledValue":[{"value":"1","extra":true}]}]}]""",
        """[2,"m","MeterValues",{"connectorId":3000000000,"meterValue":[]}]""",
        """[2,"m","MeterValues",{"connectorId":1,"meterValue":[{"timestamp":"2026-01-01T00:00:00Z"}]}]""",
        """[2,"m","MeterValues",{"meterValue":[]}]""",
        """[2,"m","MeterValues",{"connectorId":1,"transactionId":null,"meterValue":[]}]""",
        """[2,"m","MeterValues",{"connectorId":1,"connectorId":2,"meterValue":[]}]""",
        """[2,"m","MeterValues",{"connectorId":1,"meterValue":[]},{}]""",
        """[2,"m","MeterValues",{"connectorId":1,"meterValue":[]}] x""",
        """[2,"m","MeterValues",{"connectorId":1,"meterValue":[]}""",
        """[2,"m","MeterValues",{"connectorId":1,"meterValue":[],}]""",
        """[2,"m","MeterValues",{/* c */"connectorId":1,"meterValue":[]}]""",
        """[2.0,"m","MeterValues",{"connectorId":1,"meterValue":[]}]""",
        """[2,"","MeterValues",{"connectorId":1,"meterValue":[]}]""",
        """[2,"1234567890123456789012345678901234567","MeterValues",{"connectorId":1,"meterValue":[]}]""",
        """[2,7,"MeterValues",{"connectorId":1,"meterValue":[]}]""",
        """[2,"m","meterValues",{"connectorId":1,"meterValue":[]}]""",
        """[3,"m",{}]""",
        """[2,"m","Heartbeat",{"x":1}]""",
        """[2,"m","Heartbeat",[]]""",
        """[2,"m","Heartbeat"]""",
        """[2,"m","BootNotification",{"chargePointVendor":"V","chargePointModel":"M"}]""",
        "[2,\"m\",\"MeterValues\",{\"connectorId\":1,\"meterValue\":[{\"timestamp\":\"2026-01-01T00:00:00Z\",\"sampledValue\":[{\"value\":\"\\ud800\"}]}]}]",
    ];

    public static TheoryData<string> Plain() => [.. PlainFrames];

    public static TheoryData<string> Others() => [.. LeftToTheGeneralWay];

    [Theory]
    [MemberData(nameof(Plain))]
    public async Task Reads_a_plain_frame_as_the_general_way_does(string frame)
    {
        var typed = OcppTypedCallReader.TryRead(Encoding.UTF8.GetBytes(frame));

        typed.Should().NotBeNull();
        SameAsTheGeneralWay(frame, typed!, await OcppSchemaSet.LoadEmbeddedAsync());
    }

    [Theory]
    [MemberData(nameof(Others))]
    public void Leaves_any_other_frame_to_the_general_way(string frame)
    {
        OcppTypedCallReader.TryRead(Encoding.UTF8.GetBytes(frame)).Should().BeNull();
    }

    [Fact]
    public async Task Takes_no_mutated_frame_that_the_general_way_would_refuse_or_read_otherwise()
    {
        var schemas = await OcppSchemaSet.LoadEmbeddedAsync();
        var random = new Random(17);
        var pieces = new[] { "\"", "\\", "{", "}", "[", "]", ",", ":", "1", "-", ".", "e", "null", "\"x\"", " ", "\\u0041", "é", "2" };
        var taken = 0;
        var declined = 0;
        for (var i = 0; i < 20_000; i++)
        {
            var frame = new StringBuilder(PlainFrames[random.Next(PlainFrames.Length)]);
            for (var m = random.Next(1, 3); m > 0; m--)
            {
                var at = random.Next(frame.Length);
                switch (random.Next(3))
                {
                    case 0:
                        frame.Remove(at, Math.Min(frame.Length - at, random.Next(1, 4)));
                        break;
                    case 1:
                        frame.Insert(at, pieces[random.Next(pieces.Length)]);
                        break;
                    default:
                        frame[at] = pieces[random.Next(pieces.Length)][0];
                        break;
                }
            }
            var text = frame.ToString();
            if (OcppTypedCallReader.TryRead(Encoding.UTF8.GetBytes(text)) is { } typed)
            {
                SameAsTheGeneralWay(text, typed, schemas);
                taken++;
            }
            else
            {
                declined++;
            }
        }

        // Both kinds occur, so the comparison above was really made.
        taken.Should().BeGreaterThan(100);
        declined.Should().BeGreaterThan(1000);
    }

    [Fact]
    public async Task Builds_the_payload_tree_only_when_asked_and_as_the_frame_had_it()
    {
        const string frame = """[2,"m1","MeterValues",{"connectorId":1,"meterValue":[{"timestamp":"2026-01-01T00:00:00+01:00","sampledValue":[{"value":"1.50"}]}]}]""";

        var typed = OcppTypedCallReader.TryRead(Encoding.UTF8.GetBytes(frame))!;

        // Dates stay text, exactly as sent (a forwarder passes the payload on as it came).
        typed.Payload["meterValue"]![0]!["timestamp"]!.Type.Should().Be(JTokenType.String);
        ((string)typed.Payload["meterValue"]![0]!["timestamp"]!).Should().Be("2026-01-01T00:00:00+01:00");
        var schemas = await OcppSchemaSet.LoadEmbeddedAsync();
        OcppPayloadValidator.Validate(schemas.FindRequest("MeterValues")!, typed.Payload).Should().BeNull();
    }

    [Theory]
    [InlineData("m1")]
    [InlineData("id with 'quotes' and ~")]
    public void Writes_the_frequent_replies_as_the_serializer_does(string id)
    {
        var now = new DateTimeOffset(2026, 12, 5, 11, 0, 0, 123, TimeSpan.FromHours(2));

        OcppFrameWriter.TryWriteCertainlyValidCallResult(id, new MeterValuesResponse())
            .Should().Be(OcppFrameWriter.WriteCallResult(id, OcppJson.ToPayload(new MeterValuesResponse())));
        OcppFrameWriter.TryWriteCertainlyValidCallResult(id, new HeartbeatResponse { CurrentTime = now })
            .Should().Be(OcppFrameWriter.WriteCallResult(id, OcppJson.ToPayload(new HeartbeatResponse { CurrentTime = now })))
            .And.Contain("2026-12-05T09:00:00.123Z");
    }

    [Theory]
    [InlineData("quote\"d")]
    [InlineData("back\\slash")]
    [InlineData("tab\t")]
    [InlineData("é")]
    public void Leaves_an_id_the_serializer_would_escape_to_it(string id)
    {
        OcppFrameWriter.TryWriteCertainlyValidCallResult(id, new MeterValuesResponse()).Should().BeNull();
    }

    [Fact]
    public void Leaves_other_replies_to_the_serializer()
    {
        OcppFrameWriter.TryWriteCertainlyValidCallResult("m", new StatusNotificationResponse()).Should().BeNull();
    }

    /// <summary>The general way must parse the same CALL, find it schema-valid, and give an equal request.</summary>
    private static void SameAsTheGeneralWay(string frame, OcppCall typed, OcppSchemaSet schemas)
    {
        var general = OcppFrameReader.Parse(frame);
        general.Error.Should().BeNull(frame);
        var call = general.Frame.Should().BeOfType<OcppCall>().Subject;
        typed.MessageId.Should().Be(call.MessageId);
        typed.Action.Should().Be(call.Action);
        JToken.DeepEquals(typed.Payload, call.Payload).Should().BeTrue(frame);
        OcppPayloadValidator.Validate(schemas.FindRequest(call.Action)!, call.Payload).Should().BeNull(frame);
        if (call.Action == MeterValuesRequest.Action)
        {
            typed.TypedPayload.Should().BeOfType<MeterValuesRequest>().Which.Should().BeEquivalentTo(
                call.Payload.ToObject<MeterValuesRequest>(OcppJson.Serializer)!, o => o.WithStrictOrdering(), frame);
        }
        else
        {
            typed.TypedPayload.Should().Be(call.Payload.ToObject<HeartbeatRequest>(OcppJson.Serializer), frame);
        }
    }
}
