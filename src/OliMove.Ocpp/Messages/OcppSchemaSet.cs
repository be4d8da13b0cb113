using NJsonSchema;

namespace OliMove.Ocpp.Messages;

/// <summary>The 56 official OCPP 1.6 JSON schemas (draft-04) and the 22 of the OCA's 1.6 security extension
/// (draft-06, <c>ocpp-schemas/security/</c>), embedded in this assembly and loaded once. No action is in both.</summary>
public sealed class OcppSchemaSet
{
    private static readonly Lazy<Task<OcppSchemaSet>> Embedded = new(LoadEmbeddedCoreAsync);
    private readonly Dictionary<string, JsonSchema> _requests;
    private readonly Dictionary<string, JsonSchema> _responses;

    private OcppSchemaSet(Dictionary<string, JsonSchema> requests, Dictionary<string, JsonSchema> responses)
    {
        _requests = requests;
        _responses = responses;
    }

    /// <summary>The embedded schemas; loading takes about half a second the first time, then it is cached.</summary>
    public static Task<OcppSchemaSet> LoadEmbeddedAsync() => Embedded.Value;

    public JsonSchema? FindRequest(string action) => _requests.GetValueOrDefault(action);

    public JsonSchema? FindResponse(string action) => _responses.GetValueOrDefault(action);

    private static async Task<OcppSchemaSet> LoadEmbeddedCoreAsync()
    {
        var assembly = typeof(OcppSchemaSet).Assembly;
        var requests = new Dictionary<string, JsonSchema>(StringComparer.Ordinal);
        var responses = new Dictionary<string, JsonSchema>(StringComparer.Ordinal);
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith("ocpp-schemas/", StringComparison.Ordinal)))
        {
            await using var stream = assembly.GetManifestResourceStream(name)!;
            using var reader = new StreamReader(stream);
            var schema = await JsonSchema.FromJsonAsync(await reader.ReadToEndAsync());
            var file = name[(name.LastIndexOf('/') + 1)..^".json".Length];
            if (file.EndsWith("Response", StringComparison.Ordinal))
            {
                responses[file[..^"Response".Length]] = schema;
            }
            else
            {
                requests[file] = schema;
            }
        }
        const int Actions = 28 + 11;
        if (requests.Count != Actions || responses.Count != Actions)
        {
            throw new InvalidOperationException($"expected {Actions} request and {Actions} response schemas, found {requests.Count} and {responses.Count}");
        }
        return new OcppSchemaSet(requests, responses);
    }
}
