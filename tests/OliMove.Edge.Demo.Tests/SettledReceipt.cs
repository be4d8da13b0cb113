using System.Text.Json;

namespace OliMove.Edge.DemoTests;

/// <summary>An opted-in driver's finished session as the API shows it: the operator's view, the driver's token and receipt.</summary>
public sealed record SettledReceipt(JsonElement Session, string UserToken, JsonElement Receipt);
