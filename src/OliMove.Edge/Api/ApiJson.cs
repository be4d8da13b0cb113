using System.Text.Json;
using System.Text.Json.Serialization;

namespace OliMove.Edge.Api;

/// <summary>
/// Reads JSON bodies ourselves, so a malformed or incomplete body gets a 400 that says what is wrong (the
/// framework's binder answers an empty 400) and nothing is changed.
/// </summary>
public static class ApiJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(allowIntegerValues: false) },
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    public const int MaxBodyBytes = 16 * 1024;

    public static async Task<(T? Value, string? Error)> ReadAsync<T>(HttpRequest request, CancellationToken ct) where T : class
    {
        if (request.ContentLength is > MaxBodyBytes)
        {
            return (null, $"the body is larger than {MaxBodyBytes} bytes");
        }

        if (request.ContentType is not { } type || !type.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
        {
            return (null, "send the body as application/json");
        }

        try
        {
            var value = await JsonSerializer.DeserializeAsync<T>(request.Body, Options, ct);
            return value is null ? (null, "the body is empty (null)") : (value, null);
        }
        catch (JsonException ex)
        {
            return (null, $"the body is not valid: {ex.Message}");
        }
    }
}
