using Newtonsoft.Json.Linq;

namespace OliMove.Ocpp.Framing;

/// <summary>[4, "messageId", "errorCode", "errorDescription", {errorDetails}] [J 4.2.3].</summary>
public sealed record OcppCallError(string MessageId, string ErrorCode, string ErrorDescription, JObject ErrorDetails)
    : OcppFrame(MessageId);
