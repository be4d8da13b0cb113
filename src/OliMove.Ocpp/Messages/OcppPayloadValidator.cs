using System.Runtime.CompilerServices;
using Newtonsoft.Json.Linq;
using NJsonSchema;
using NJsonSchema.Validation;
using OliMove.Ocpp.Framing;

namespace OliMove.Ocpp.Messages;

/// <summary>Validates a payload against its official schema and maps the first violation to the CALLERROR code
/// of OCPP-J 1.6 table 7 (mapping recorded in docs/decisions/0041).</summary>
public static class OcppPayloadValidator
{
    private static readonly ConditionalWeakTable<JsonSchema, CompiledSchemaCheck?> Compiled = [];

    public static OcppValidationFailure? Validate(JsonSchema schema, JObject payload)
    {
        // Fast path for the common case; NJsonSchema decides whenever the compiled check cannot say "valid".
        if (Compiled.GetValue(schema, CompiledSchemaCheck.TryCompile) is { } check && check.IsCertainlyValid(payload))
        {
            return null;
        }
        var errors = schema.Validate(payload);
        if (errors.Count == 0)
        {
            return null;
        }
        var first = Flatten(errors).OrderBy(e => Rank(Map(e.Kind))).First();
        var where = string.IsNullOrEmpty(first.Path) ? "#" : first.Path;
        return new OcppValidationFailure(Map(first.Kind), $"{first.Kind} at {where}");
    }

    public static string Map(ValidationErrorKind kind) => kind switch
    {
        ValidationErrorKind.NoAdditionalPropertiesAllowed or ValidationErrorKind.AdditionalPropertiesNotValid
            or ValidationErrorKind.AdditionalItemNotValid => OcppErrorCode.FormationViolation,
        ValidationErrorKind.PropertyRequired or ValidationErrorKind.TooManyItems or ValidationErrorKind.TooFewItems
            or ValidationErrorKind.TooManyProperties or ValidationErrorKind.TooFewProperties => OcppErrorCode.OccurenceConstraintViolation,
        ValidationErrorKind.StringExpected or ValidationErrorKind.NumberExpected or ValidationErrorKind.IntegerExpected
            or ValidationErrorKind.BooleanExpected or ValidationErrorKind.ObjectExpected or ValidationErrorKind.ArrayExpected
            or ValidationErrorKind.NullExpected or ValidationErrorKind.DateTimeExpected or ValidationErrorKind.DateExpected
            or ValidationErrorKind.TimeExpected or ValidationErrorKind.UriExpected or ValidationErrorKind.TimeSpanExpected
            => OcppErrorCode.TypeConstraintViolation,
        _ => OcppErrorCode.PropertyConstraintViolation,
    };

    /// <summary>Structural problems are reported before value problems, so one frame always maps to the most
    /// fundamental code whatever order the validator lists errors in.</summary>
    private static int Rank(string code) => code switch
    {
        OcppErrorCode.FormationViolation => 0,
        OcppErrorCode.OccurenceConstraintViolation => 1,
        OcppErrorCode.TypeConstraintViolation => 2,
        _ => 3,
    };

    /// <summary>Errors inside array items and sub-schemas arrive wrapped (e.g. ArrayItemNotValid); the real
    /// kind is inside.</summary>
    private static IEnumerable<ValidationError> Flatten(IEnumerable<ValidationError> errors)
    {
        foreach (var error in errors)
        {
            if (error is ChildSchemaValidationError child && child.Errors.Count > 0)
            {
                foreach (var inner in Flatten(child.Errors.SelectMany(e => e.Value)))
                {
                    yield return inner;
                }
            }
            else
            {
                yield return error;
            }
        }
    }
}
