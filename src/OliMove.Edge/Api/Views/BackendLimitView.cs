namespace OliMove.Edge.Api.Views;

/// <summary>
/// The limits the CPO's backend set on a charger, as the allocator honours them now: the charger's total
/// (ChargePointMaxProfile) and each connector's (TxProfile, else TxDefaultProfile), in W; null where none applies.
/// </summary>
public sealed record BackendLimitView(
    IReadOnlyList<BackendProfileView> Profiles,
    long? ChargePointMaxW,
    IReadOnlyList<BackendConnectorLimitView> Connectors);
