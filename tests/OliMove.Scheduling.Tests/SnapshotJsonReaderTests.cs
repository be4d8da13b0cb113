using static OliMove.Scheduling.Tests.Groups;

namespace OliMove.Scheduling.Tests;

public class SnapshotJsonReaderTests
{
    private static string Valid() => CanonicalJson.Snapshot(Group(2, [Root(2, 4000)], [Session("a", maxW: 2000, needWh: 2000, departSlot: 2)]));

    [Theory]
    [InlineData("{", "not valid JSON")]
    [InlineData("[]", "$: expected an object, got array")]
    [InlineData("{\"groupId\":\"g\"}", "$.slotStart: required property is missing")]
    public void Refuses_malformed_documents_with_the_path(string json, string message)
    {
        var act = () => SnapshotJsonReader.Read(json);

        act.Should().Throw<SnapshotFormatException>().WithMessage($"*{message}*");
    }

    [Theory]
    [InlineData("\"slotSeconds\":3600", "\"slotSeconds\":3600.5", "$.slotSeconds: expected an integer")]
    [InlineData("\"phases\":1", "\"phases\":\"1\"", "$.sessions[0].phases: expected an integer, got string")]
    [InlineData("\"optedIn\":true", "\"optedIn\":1", "$.sessions[0].optedIn: expected true or false")]
    [InlineData("\"slotStart\":\"2026-03-02T08:00:00Z\"", "\"slotStart\":\"2026-03-02T08:00:00\"", "$.slotStart: expected an ISO 8601 time with an offset")]
    [InlineData("\"guaranteedW\":[4000,4000]", "\"guaranteedW\":[4000,-1]", "guaranteedW[1] is negative")]
    [InlineData("\"guaranteedW\":[4000,4000]", "\"guaranteedW\":[4000]", "guaranteedW has 1 values; horizonSlots is 2")]
    [InlineData("\"circuitId\":\"root\",\"phases\"", "\"circuitId\":\"nowhere\",\"phases\"", "session 'a' is on unknown circuit 'nowhere'")]
    [InlineData("\"accepted\":true", "\"accepted\":true,\"acepted\":true", "$.sessions[0].acepted: unknown property")]
    public void Refuses_bad_values_with_a_clear_message(string from, string to, string message)
    {
        var json = Valid();
        json.Should().Contain(from, "the test edits the valid document");

        var act = () => SnapshotJsonReader.Read(json.Replace(from, to));

        act.Should().Throw<SnapshotFormatException>().WithMessage($"*{message}*");
    }

    [Fact]
    public void Accepts_any_property_order_whitespace_and_offsets()
    {
        const string json = """
            {
              "sessions": [],
              "horizonSlots": 1,
              "circuits": [ { "surplusW": [0], "guaranteedW": [1000], "circuitId": "r" } ],
              "slotSeconds": 900,
              "slotStart": "2026-03-02T09:00:00+01:00",
              "groupId": "g"
            }
            """;

        var snapshot = SnapshotJsonReader.Read(json);

        snapshot.SlotStart.Should().Be(Start);
        snapshot.Circuits.Single().ParentId.Should().BeNull();
    }
}
