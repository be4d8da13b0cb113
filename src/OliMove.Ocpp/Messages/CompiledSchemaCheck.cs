using System.Collections.Frozen;
using Newtonsoft.Json.Linq;
using NJsonSchema;
using NJsonSchema.Validation.FormatValidators;

namespace OliMove.Ocpp.Messages;

/// <summary>
/// A fast "certainly valid" check compiled from an NJsonSchema model, for the keywords the OCPP 1.6 schemas use
/// (type, properties, required, additionalProperties, enum, maxLength, format date-time, items, multipleOf).
/// It is only ever a shortcut: when it cannot say "valid", NJsonSchema validates and names the error, so error
/// codes always come from NJsonSchema. A schema with any other keyword is not compiled. (docs/decisions/0045)
/// </summary>
public sealed class CompiledSchemaCheck
{
    private static readonly DateTimeFormatValidator DateTimeFormat = new();

    private readonly JsonObjectType _type;
    private readonly FrozenDictionary<string, CompiledSchemaCheck>? _properties;
    private readonly string[] _required;
    private readonly bool _additionalPropertiesAllowed;
    private readonly FrozenSet<string>? _enumeration;
    private readonly int? _maxLength;
    private readonly bool _isDateTime;
    private readonly decimal? _multipleOf;
    private readonly CompiledSchemaCheck? _item;

    private CompiledSchemaCheck(JsonSchema schema, FrozenDictionary<string, CompiledSchemaCheck>? properties, CompiledSchemaCheck? item)
    {
        _type = schema.Type;
        _properties = properties;
        _required = schema.RequiredProperties.ToArray();
        _additionalPropertiesAllowed = schema.AllowAdditionalProperties;
        _enumeration = schema.Enumeration.Count > 0 ? schema.Enumeration.Select(e => e?.ToString() ?? "").ToFrozenSet(StringComparer.Ordinal) : null;
        _maxLength = schema.MaxLength;
        _isDateTime = schema.Format == "date-time";
        _multipleOf = schema.MultipleOf;
        _item = item;
    }

    /// <summary>Null when the schema uses a keyword this check does not implement.</summary>
    public static CompiledSchemaCheck? TryCompile(JsonSchema schema)
    {
        schema = schema.ActualSchema;
        var unsupported = schema.AllOf.Count > 0 || schema.AnyOf.Count > 0 || schema.OneOf.Count > 0 || schema.Not is not null
            || schema.Pattern is not null || schema.Minimum is not null || schema.Maximum is not null || schema.MinLength is not null
            || schema.MinItems > 0 || schema.MaxItems > 0 || schema.Items.Count > 0 || schema.PatternProperties.Count > 0
            || schema.AdditionalPropertiesSchema is not null || schema.MinProperties > 0 || schema.MaxProperties > 0
            || schema.UniqueItems || (schema.Format is not null && schema.Format != "date-time")
            || schema.Type is JsonObjectType.None || (schema.Type & JsonObjectType.Null) != 0
            || (schema.Type & (schema.Type - 1)) != 0;
        if (unsupported)
        {
            return null;
        }
        Dictionary<string, CompiledSchemaCheck>? properties = null;
        if (schema.Properties.Count > 0)
        {
            properties = new(StringComparer.Ordinal);
            foreach (var (name, property) in schema.Properties)
            {
                if (TryCompile(property) is not { } compiled)
                {
                    return null;
                }
                properties[name] = compiled;
            }
        }
        CompiledSchemaCheck? item = null;
        if (schema.Item is { } itemSchema && (item = TryCompile(itemSchema)) is null)
        {
            return null;
        }
        return new CompiledSchemaCheck(schema, properties?.ToFrozenDictionary(StringComparer.Ordinal), item);
    }

    public bool IsCertainlyValid(JToken token)
    {
        switch (_type)
        {
            case JsonObjectType.Object:
                return token is JObject obj && IsValidObject(obj);
            case JsonObjectType.Array:
                if (token is not JArray array)
                {
                    return false;
                }
                foreach (var element in array)
                {
                    if (_item is not null && !_item.IsCertainlyValid(element))
                    {
                        return false;
                    }
                }
                return true;
            case JsonObjectType.String:
                if (token.Type != JTokenType.String)
                {
                    return false;
                }
                var text = (string)token!;
                return (_maxLength is not { } max || text.Length <= max)
                    && (_enumeration is null || _enumeration.Contains(text))
                    && (!_isDateTime || DateTimeFormat.IsValid(text, JTokenType.String));
            case JsonObjectType.Integer:
                return token.Type == JTokenType.Integer && IsMultiple(token) && _enumeration is null;
            case JsonObjectType.Number:
                return token.Type is JTokenType.Integer or JTokenType.Float && IsMultiple(token) && _enumeration is null;
            case JsonObjectType.Boolean:
                return token.Type == JTokenType.Boolean && _enumeration is null;
            default:
                return false;
        }
    }

    private bool IsValidObject(JObject obj)
    {
        foreach (var required in _required)
        {
            if (!obj.ContainsKey(required))
            {
                return false;
            }
        }
        foreach (var property in obj.Properties())
        {
            if (_properties is not null && _properties.TryGetValue(property.Name, out var check))
            {
                if (!check.IsCertainlyValid(property.Value))
                {
                    return false;
                }
            }
            else if (!_additionalPropertiesAllowed || _properties is null)
            {
                return false;
            }
        }
        return true;
    }

    private bool IsMultiple(JToken token)
    {
        if (_multipleOf is not { } step)
        {
            return true;
        }
        try
        {
            return token.Value<decimal>() % step == 0;
        }
        catch (OverflowException)
        {
            return false;
        }
    }
}
