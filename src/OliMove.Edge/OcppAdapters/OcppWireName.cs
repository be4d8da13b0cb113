using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.Serialization;

namespace OliMove.Edge.OcppAdapters;

/// <summary>The spelling an OCPP enum value has on the wire (e.g. "Energy.Active.Import.Register"), for storage.</summary>
public static class OcppWireName
{
    private static readonly ConcurrentDictionary<Enum, string> Names = new();

    public static string Of(Enum value) =>
        Names.GetOrAdd(value, v =>
        {
            var member = v.GetType().GetField(v.ToString(), BindingFlags.Public | BindingFlags.Static);
            return member?.GetCustomAttribute<EnumMemberAttribute>()?.Value ?? v.ToString();
        });
}
