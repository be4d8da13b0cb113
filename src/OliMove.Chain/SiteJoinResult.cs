namespace OliMove.Chain;

/// <summary>
/// What <see cref="SiteJoiner"/> did: roles newly granted besides the registry's (0–3), whether the site registration
/// was written, and the highest session number whose settlement bitmap word is allocated.
/// </summary>
public sealed record SiteJoinResult(string SiteIdHex, string Operator, int RolesGranted, bool SiteRegistered, ulong SettlementsAllocatedThrough);
