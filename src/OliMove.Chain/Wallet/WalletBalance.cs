using System.Numerics;

namespace OliMove.Chain;

/// <summary>A user's FlexToken balance: exact base units (10^-18) and whole tokens for display.</summary>
public sealed record WalletBalance(string Address, BigInteger BaseUnits, decimal Tokens);
