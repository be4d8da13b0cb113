using System.Text;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace OliMove.Ocpp.Framing;

/// <summary>A CALL's payload: the parsed tree, or the typed request with the payload's bytes, from which the tree is
/// parsed on first use (by a forwarder or a test; the typed routes never ask).</summary>
internal sealed class OcppCallPayload
{
    private readonly byte[]? _utf8;
    private JObject? _tree;

    public OcppCallPayload(JObject tree) => _tree = tree;

    public OcppCallPayload(object typed, byte[] utf8)
    {
        Typed = typed;
        _utf8 = utf8;
    }

    public object? Typed { get; }

    // Two threads may race to build it; either tree is the same payload.
    public JObject Tree => LazyInitializer.EnsureInitialized(ref _tree, () => Parse(_utf8!));

    private static JObject Parse(byte[] utf8)
    {
        using var reader = new JsonTextReader(new StringReader(Encoding.UTF8.GetString(utf8)))
        {
            DateParseHandling = DateParseHandling.None,
            MaxDepth = 32,
        };
        return (JObject)JToken.ReadFrom(reader);
    }
}
