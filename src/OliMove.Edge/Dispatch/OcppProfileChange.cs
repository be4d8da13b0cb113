namespace OliMove.Edge.Dispatch;

/// <summary>A change as <see cref="OcppChargerPowerLimits"/> prepared it: the profile it will send.</summary>
internal sealed record OcppProfileChange(PowerLimit Limit, bool Raises, ChargingProfileSpec Spec) : PowerLimitChange(Limit, Raises);
