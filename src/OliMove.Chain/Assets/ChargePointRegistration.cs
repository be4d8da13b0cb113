namespace OliMove.Chain;

/// <summary>A charge point as SC1 records it; the host maps the site map to these.</summary>
public sealed record ChargePointRegistration(
    string CpId,
    string EvseId,
    int PowerValueW,
    long EnergyWh,
    string PowerInfo,
    string ConnectionType,
    AssetStatusCode Status,
    string CpGroup,
    long UserEnergyLeftWh = 0,
    long UserTimeLeftS = 0);
