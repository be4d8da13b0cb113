namespace OliMove.SiteMap.Model;

/// <summary>A non-SunSpec meter's register map: a total power point, up to three phase power points (L1 first), or both.</summary>
public sealed record MeterRegisterMapDefinition(MeterRegisterTable Table, MeterPointDefinition? TotalPowerW, IReadOnlyList<MeterPointDefinition> PhasePowerW);
