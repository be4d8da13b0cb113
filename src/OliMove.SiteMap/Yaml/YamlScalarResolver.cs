using System.Text.RegularExpressions;

namespace OliMove.SiteMap.Yaml;

/// <summary>
/// Resolves plain scalars by the YAML 1.2 core schema (§10.3.2). The loader uses it so that a value the
/// JSON Schema sees as a number (e.g. an unquoted <c>0042</c> chargePointId) is rejected as text too,
/// keeping loader and schema in agreement.
/// </summary>
internal static partial class YamlScalarResolver
{
    public static YamlScalarKind Resolve(YamlTreeScalar scalar)
    {
        if (!scalar.IsPlain)
        {
            return YamlScalarKind.Text;
        }

        var v = scalar.Value;
        if (v is "" or "~" or "null" or "Null" or "NULL")
        {
            return YamlScalarKind.Null;
        }

        if (v is "true" or "True" or "TRUE" or "false" or "False" or "FALSE")
        {
            return YamlScalarKind.Boolean;
        }

        if (IntegerPattern().IsMatch(v))
        {
            return YamlScalarKind.Integer;
        }

        return FloatPattern().IsMatch(v) ? YamlScalarKind.Float : YamlScalarKind.Text;
    }

    [GeneratedRegex(@"^([-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$")]
    private static partial Regex IntegerPattern();

    [GeneratedRegex(@"^([-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?|[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN))$")]
    private static partial Regex FloatPattern();
}
