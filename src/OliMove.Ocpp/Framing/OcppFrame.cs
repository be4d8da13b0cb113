namespace OliMove.Ocpp.Framing;

/// <summary>One OCPP-J RPC message, correlated by its message id [J 4.1.4].</summary>
public abstract record OcppFrame(string MessageId);
