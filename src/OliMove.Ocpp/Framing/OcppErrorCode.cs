namespace OliMove.Ocpp.Framing;

/// <summary>The CALLERROR codes of OCPP-J 1.6 table 7 (official spellings, errata 5.1 and 5.2).</summary>
public static class OcppErrorCode
{
    public const string NotImplemented = "NotImplemented";
    public const string NotSupported = "NotSupported";
    public const string InternalError = "InternalError";
    public const string ProtocolError = "ProtocolError";
    public const string SecurityError = "SecurityError";
    public const string FormationViolation = "FormationViolation";
    public const string PropertyConstraintViolation = "PropertyConstraintViolation";

    /// <summary>Official 1.6 spelling (sic). Peers speaking the 2.0 spelling are accepted by <see cref="Normalise"/>.</summary>
    public const string OccurenceConstraintViolation = "OccurenceConstraintViolation";
    public const string TypeConstraintViolation = "TypeConstraintViolation";
    public const string GenericError = "GenericError";

    /// <summary>Maps the corrected spellings that newer peers send ("OccurrenceConstraintViolation",
    /// "FormatViolation"; OCPP-J errata 5.1, 5.2) onto the 1.6 codes, so that callers compare one constant.</summary>
    public static string Normalise(string code) => code switch
    {
        "OccurrenceConstraintViolation" => OccurenceConstraintViolation,
        "FormatViolation" => FormationViolation,
        _ => code,
    };
}
