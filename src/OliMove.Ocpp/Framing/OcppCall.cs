using Newtonsoft.Json.Linq;

namespace OliMove.Ocpp.Framing;

/// <summary>[2, "messageId", "Action", {payload}] [J 4.2.1]. A CALL read by <see cref="OcppTypedCallReader"/> also
/// carries its typed request, already known to be schema-valid; its <see cref="Payload"/> tree is then built only
/// if something asks for it (decision 0330).</summary>
public sealed record OcppCall : OcppFrame
{
    private readonly OcppCallPayload _payload;

    public OcppCall(string MessageId, string Action, JObject Payload)
        : base(MessageId)
    {
        ArgumentNullException.ThrowIfNull(Payload);
        this.Action = Action;
        _payload = new OcppCallPayload(Payload);
    }

    internal OcppCall(string messageId, string action, object typedPayload, byte[] payloadUtf8)
        : base(messageId)
    {
        Action = action;
        _payload = new OcppCallPayload(typedPayload, payloadUtf8);
    }

    public string Action { get; }

    public JObject Payload => _payload.Tree;

    /// <summary>The typed request when the frame was read straight into it (schema-valid by construction), else null.</summary>
    public object? TypedPayload => _payload.Typed;
}
