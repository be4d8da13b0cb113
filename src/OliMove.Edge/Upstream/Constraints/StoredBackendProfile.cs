using OliMove.Ocpp.Messages;

namespace OliMove.Edge.Upstream.Constraints;

/// <summary>A charging profile the backend set on a charger (connector 0 = the whole charger), as the edge keeps it.</summary>
public sealed record StoredBackendProfile(string ChargePointId, int ConnectorId, ChargingProfile Profile)
{
    public ChargingProfilePurposeType Purpose => Profile.ChargingProfilePurpose;

    public int StackLevel => Profile.StackLevel;
}
