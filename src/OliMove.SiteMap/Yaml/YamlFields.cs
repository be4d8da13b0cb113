using System.Globalization;

namespace OliMove.SiteMap.Yaml;

/// <summary>
/// Reads the fields of one YAML mapping (a circuit, a charge point, ...) and reports, in plain sentences
/// that name the owner, every unknown key, missing key and wrongly typed value. Each getter returns null
/// when the value is absent or invalid, so that validation can go on and find the other errors too.
/// </summary>
internal sealed class YamlFields
{
    private readonly YamlTreeMapping _mapping;
    private readonly IReadOnlyList<string> _allowedKeys;
    private readonly SiteMapDiagnostics _diagnostics;

    public YamlFields(YamlTreeMapping mapping, string owner, IReadOnlyList<string> allowedKeys, SiteMapDiagnostics diagnostics)
    {
        _mapping = mapping;
        Owner = owner;
        _allowedKeys = allowedKeys;
        _diagnostics = diagnostics;
    }

    /// <summary>How errors name the mapping, e.g. "circuit 'cab-a'". Set it once the id is known.</summary>
    public string Owner { get; set; }

    /// <summary>Where the mapping starts: errors about the whole item point here.</summary>
    public YamlTreeMapping At => _mapping;

    public void ReportUnknownKeys()
    {
        foreach (var (key, _) in _mapping.Entries)
        {
            if (!_allowedKeys.Contains(key.Value, StringComparer.Ordinal))
            {
                var suggestion = ClosestKey(key.Value) is { } close ? $" (did you mean '{close}'?)" : "";
                _diagnostics.Error(key, $"{Owner} has an unknown key '{key.Value}'{suggestion}; allowed keys are: {string.Join(", ", _allowedKeys)}");
            }
        }
    }

    public bool Has(string key) => Node(key) is not null;

    public YamlTreeNode? Node(string key)
    {
        foreach (var (k, v) in _mapping.Entries)
        {
            if (k.Value == key)
            {
                return v;
            }
        }

        return null;
    }

    public string? Text(string key, bool required)
    {
        var node = Present(key, required);
        if (node is null)
        {
            return null;
        }

        if (node is not YamlTreeScalar scalar)
        {
            _diagnostics.Error(node, $"'{key}' of {Owner} must be text, not {Describe(node)}");
            return null;
        }

        switch (YamlScalarResolver.Resolve(scalar))
        {
            case YamlScalarKind.Null:
                _diagnostics.Error(node, $"'{key}' of {Owner} has no value");
                return null;
            case YamlScalarKind.Text:
                if (scalar.Value.Trim().Length == 0)
                {
                    _diagnostics.Error(node, $"'{key}' of {Owner} must not be empty");
                    return null;
                }

                return scalar.Value;
            default:
                // YAML reads 0042 as the number 42 and "no" may be a boolean elsewhere: quoting keeps the text.
                _diagnostics.Error(node, $"'{key}' of {Owner} must be text; put {scalar.Value} in quotes");
                return null;
        }
    }

    /// <summary>A finite number; with <paramref name="positive"/> it must be greater than 0.</summary>
    public double? Number(string key, bool required, bool positive = true)
    {
        var scalar = Scalar(key, required, "a number");
        if (scalar is null)
        {
            return null;
        }

        var kind = YamlScalarResolver.Resolve(scalar);
        double value;
        if (kind == YamlScalarKind.Integer && TryParseInteger(scalar.Value, out var integer))
        {
            value = integer;
        }
        else if (kind == YamlScalarKind.Float
            && double.TryParse(scalar.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out value)
            && double.IsFinite(value))
        {
        }
        else
        {
            _diagnostics.Error(scalar, $"'{key}' of {Owner} must be a number, not '{scalar.Value}'");
            return null;
        }

        if (positive && value <= 0)
        {
            _diagnostics.Error(scalar, $"'{key}' of {Owner} must be greater than 0, not {scalar.Value}");
            return null;
        }

        return value;
    }

    /// <summary>
    /// A power in whole watts, greater than 0: the site map's edge to the integer W the rest of the code counts in
    /// (decision 0207). <c>7400</c> and <c>7400.0</c> are read; <c>7400.5</c> is refused with a clear error.
    /// </summary>
    public long? Watts(string key, bool required)
    {
        if (Number(key, required) is not { } value)
        {
            return null;
        }

        if (value != Math.Floor(value) || value > long.MaxValue)
        {
            _diagnostics.Error(Node(key)!, $"'{key}' of {Owner} must be a whole number of W, not {value.ToString(CultureInfo.InvariantCulture)}");
            return null;
        }

        return (long)value;
    }

    public int? Integer(string key, bool required, int min, int max)
    {
        var scalar = Scalar(key, required, "a whole number");
        if (scalar is null)
        {
            return null;
        }

        if (YamlScalarResolver.Resolve(scalar) != YamlScalarKind.Integer || !TryParseInteger(scalar.Value, out var value))
        {
            _diagnostics.Error(scalar, $"'{key}' of {Owner} must be a whole number, not '{scalar.Value}'");
            return null;
        }

        if (value < min || value > max)
        {
            _diagnostics.Error(scalar, $"'{key}' of {Owner} must be from {min} to {max}, not {scalar.Value}");
            return null;
        }

        return (int)value;
    }

    /// <summary>true or false (YAML 1.2 core schema booleans).</summary>
    public bool? Boolean(string key, bool required)
    {
        var scalar = Scalar(key, required, "true or false");
        if (scalar is null)
        {
            return null;
        }

        if (YamlScalarResolver.Resolve(scalar) != YamlScalarKind.Boolean)
        {
            _diagnostics.Error(scalar, $"'{key}' of {Owner} must be true or false, not '{scalar.Value}'");
            return null;
        }

        return scalar.Value is "true" or "True" or "TRUE";
    }

    /// <summary>One of the enum's names, spelled exactly (technicians copy them from the documentation).</summary>
    public TEnum? Enum<TEnum>(string key, bool required)
        where TEnum : struct, Enum
    {
        var scalar = Scalar(key, required, "one of " + string.Join(", ", System.Enum.GetNames<TEnum>()));
        if (scalar is null)
        {
            return null;
        }

        foreach (var name in System.Enum.GetNames<TEnum>())
        {
            if (name == scalar.Value && YamlScalarResolver.Resolve(scalar) == YamlScalarKind.Text)
            {
                return System.Enum.Parse<TEnum>(name);
            }
        }

        _diagnostics.Error(scalar, $"'{key}' of {Owner} must be one of {string.Join(", ", System.Enum.GetNames<TEnum>())}, not '{scalar.Value}'");
        return null;
    }

    public YamlTreeMapping? Mapping(string key, bool required)
    {
        var node = Present(key, required);
        if (node is null)
        {
            return null;
        }

        if (node is YamlTreeMapping mapping)
        {
            return mapping;
        }

        _diagnostics.Error(node, $"'{key}' of {Owner} must be a mapping of keys to values, not {Describe(node)}");
        return null;
    }

    public YamlTreeSequence? Sequence(string key, bool required)
    {
        var node = Present(key, required);
        if (node is null)
        {
            return null;
        }

        if (node is YamlTreeSequence sequence)
        {
            return sequence;
        }

        _diagnostics.Error(node, $"'{key}' of {Owner} must be a list, not {Describe(node)}");
        return null;
    }

    public static string Describe(YamlTreeNode node) => node switch
    {
        YamlTreeMapping => "a mapping",
        YamlTreeSequence => "a list",
        YamlTreeScalar s when YamlScalarResolver.Resolve(s) == YamlScalarKind.Null => "an empty value",
        YamlTreeScalar s => $"'{s.Value}'",
        _ => "this value",
    };

    private YamlTreeNode? Present(string key, bool required)
    {
        var node = Node(key);
        if (node is null && required)
        {
            _diagnostics.Error(_mapping, $"{Owner} is missing '{key}'");
        }

        return node;
    }

    private YamlTreeScalar? Scalar(string key, bool required, string expected)
    {
        var node = Present(key, required);
        if (node is null)
        {
            return null;
        }

        if (node is YamlTreeScalar scalar && YamlScalarResolver.Resolve(scalar) != YamlScalarKind.Null)
        {
            return scalar;
        }

        _diagnostics.Error(node, $"'{key}' of {Owner} must be {expected}, not {Describe(node)}");
        return null;
    }

    /// <summary>The allowed key a typo most likely meant: same letters ignoring case, or at most two edits away.</summary>
    private string? ClosestKey(string key)
    {
        string? best = null;
        var bestDistance = 3;
        foreach (var allowed in _allowedKeys)
        {
            var distance = string.Equals(allowed, key, StringComparison.OrdinalIgnoreCase) ? 0 : EditDistance(allowed, key);
            if (distance < bestDistance)
            {
                best = allowed;
                bestDistance = distance;
            }
        }

        return best;
    }

    private static int EditDistance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                current[j] = Math.Min(substitution, Math.Min(previous[j], current[j - 1]) + 1);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }

    private static bool TryParseInteger(string text, out long value)
    {
        if (text.StartsWith("0x", StringComparison.Ordinal))
        {
            return long.TryParse(text.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value);
        }

        if (text.StartsWith("0o", StringComparison.Ordinal))
        {
            value = 0;
            foreach (var c in text.AsSpan(2))
            {
                if (value > long.MaxValue / 8)
                {
                    return false;
                }

                value = (value * 8) + (c - '0');
            }

            return true;
        }

        return long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);
    }
}
