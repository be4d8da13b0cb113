using Newtonsoft.Json.Linq;

namespace OliMove.Ocpp.Framing;

/// <summary>[3, "messageId", {payload}] [J 4.2.2].</summary>
public sealed record OcppCallResult(string MessageId, JObject Payload) : OcppFrame(MessageId);
