using System.Globalization;
using Newtonsoft.Json.Linq;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace OliMove.SiteMap.Tests;

/// <summary>
/// Converts YAML to JSON the way a YAML-aware editor does before applying the JSON Schema: plain scalars
/// become numbers, booleans or null by the YAML 1.2 core schema; quoted scalars stay strings. Written
/// independently of the loader (on YamlStream), so the agreement tests compare two implementations.
/// </summary>
internal static class YamlToJson
{
    public static JToken Convert(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return stream.Documents.Count == 0 ? JValue.CreateNull() : ToToken(stream.Documents[0].RootNode);
    }

    private static JToken ToToken(YamlNode node) => node switch
    {
        YamlMappingNode map => new JObject(map.Children.Select(c => new JProperty(((YamlScalarNode)c.Key).Value!, ToToken(c.Value)))),
        YamlSequenceNode seq => new JArray(seq.Children.Select(ToToken)),
        YamlScalarNode scalar => Scalar(scalar),
        _ => throw new NotSupportedException(node.GetType().Name),
    };

    private static JToken Scalar(YamlScalarNode scalar)
    {
        var v = scalar.Value ?? "";
        if (scalar.Style != ScalarStyle.Plain)
        {
            return new JValue(v);
        }

        if (v is "" or "~" or "null" or "Null" or "NULL")
        {
            return JValue.CreateNull();
        }

        if (v is "true" or "True" or "TRUE" or "false" or "False" or "FALSE")
        {
            return new JValue(bool.Parse(v));
        }

        if (long.TryParse(v, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
        {
            return new JValue(integer);
        }

        if (double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number))
        {
            return new JValue(number);
        }

        return new JValue(v);
    }
}
