using OliMove.Ocpp.Framing;

namespace OliMove.Ocpp.Tests;

public sealed class FrameReaderTests
{
    [Theory]
    [InlineData("not json", "-1", OcppErrorCode.FormationViolation)]
    [InlineData("""[2,"a1","Heartbeat",{}""", "a1", OcppErrorCode.FormationViolation)]
    [InlineData("""{"a":1}""", "-1", OcppErrorCode.FormationViolation)]
    [InlineData("""["2","a1","Heartbeat",{}]""", "-1", OcppErrorCode.FormationViolation)]
    [InlineData("""[2,"a1","Heartbeat"]""", "a1", OcppErrorCode.ProtocolError)]
    [InlineData("""[2,"a1","Heartbeat",[]]""", "a1", OcppErrorCode.FormationViolation)]
    [InlineData("""[2,"a1",7,{}]""", "a1", OcppErrorCode.FormationViolation)]
    [InlineData("""[2,"a1","Heartbeat",{},{}]""", "a1", OcppErrorCode.FormationViolation)]
    [InlineData("""[2,"0123456789012345678901234567890123456","Heartbeat",{}]""", "-1", OcppErrorCode.FormationViolation)]
    [InlineData("""[2,"a1","Heartbeat",{}] trailing""", "a1", OcppErrorCode.FormationViolation)]
    public void Answers_a_broken_call_with_the_right_code_and_the_best_known_id(string text, string id, string code)
    {
        var result = OcppFrameReader.Parse(text);

        result.Error.Should().NotBeNull();
        result.Error!.MessageId.Should().Be(id);
        result.Error.ErrorCode.Should().Be(code);
    }

    [Theory]
    [InlineData("""[5,"a1","x",{}]""")]
    [InlineData("""[3,"a1"]""")]
    [InlineData("""[3,42,{}]""")]
    [InlineData("""[4,"a1"]""")]
    [InlineData("""[3,"a1",{""")]
    public void Ignores_unknown_message_types_and_never_answers_a_broken_response(string text)
    {
        var result = OcppFrameReader.Parse(text);

        result.Error.Should().BeNull();
        result.Frame.Should().BeNull();
        result.IgnoredReason.Should().NotBeNullOrEmpty();
    }

    [Fact]
    public void Reads_the_three_frame_kinds()
    {
        OcppFrameReader.Parse("""[2,"m1","Heartbeat",{}]""").Frame.Should().BeEquivalentTo(new OcppCall("m1", "Heartbeat", []));
        OcppFrameReader.Parse("""[3,"m1",{"currentTime":"2026-01-01T00:00:00Z"}]""").Frame.Should().BeOfType<OcppCallResult>()
            .Which.Payload["currentTime"]!.Type.Should().Be(Newtonsoft.Json.Linq.JTokenType.String, "dates stay text for schema validation");
        OcppFrameReader.Parse("""[4,"m1","OccurrenceConstraintViolation","x",{}]""").Frame.Should().BeOfType<OcppCallError>()
            .Which.ErrorCode.Should().Be(OcppErrorCode.OccurenceConstraintViolation, "the 2.0 spelling is accepted from peers");
    }

    [Fact]
    public void Writes_frames_that_read_back_the_same()
    {
        var call = OcppFrameWriter.WriteCall("id-1", "Heartbeat", new Messages.HeartbeatRequest());
        var error = OcppFrameWriter.WriteCallError(new OcppCallError("id-2", OcppErrorCode.NotSupported, "no", []));

        call.Should().Be("""[2,"id-1","Heartbeat",{}]""");
        error.Should().Be("""[4,"id-2","NotSupported","no",{}]""");
    }
}
