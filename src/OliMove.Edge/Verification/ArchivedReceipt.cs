using System.Numerics;

namespace OliMove.Edge.Verification;

/// <summary>The figures a driver's receipt shows (session_settlements).</summary>
public sealed record ArchivedReceipt(double EnergyWh, long BillMinorUnits, BigInteger TokensBaseUnits);
