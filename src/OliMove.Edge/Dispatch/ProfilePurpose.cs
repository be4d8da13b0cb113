namespace OliMove.Edge.Dispatch;

/// <summary>OCPP 1.6 §7.15 ChargingProfilePurposeType, as far as we send them.</summary>
public enum ProfilePurpose
{
    ChargePointMaxProfile,
    TxDefaultProfile,
    TxProfile,
}
