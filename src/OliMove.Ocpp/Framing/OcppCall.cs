using Newtonsoft.Json.Linq;

namespace OliMove.Ocpp.Framing;

/// <summary>[2, "messageId", "Action", {payload}] [J 4.2.1].</summary>
public sealed record OcppCall(string MessageId, string Action, JObject Payload) : OcppFrame(MessageId);
