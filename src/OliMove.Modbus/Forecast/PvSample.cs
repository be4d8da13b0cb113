namespace OliMove.Modbus.Forecast;

/// <summary>One measured PV power value (W) at a UTC instant; any resolution, the forecaster bins them.</summary>
public sealed record PvSample(DateTimeOffset Timestamp, double PowerW);
