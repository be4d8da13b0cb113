namespace OliMove.Ocpp.Messages;

/// <summary>Why a payload does not conform to its schema, as the OCPP error code to answer with.</summary>
public sealed record OcppValidationFailure(string ErrorCode, string Description);
