using System.Text.Json.Nodes;

namespace OliMove.Edge.Tests.Upstream;

/// <summary>One CALL the recording backend received: from which charger identity, what, and what it answered.</summary>
public sealed record ReceivedCall(string Identity, string Action, JsonObject Params, JsonNode? Reply);
