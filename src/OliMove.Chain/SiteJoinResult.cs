namespace OliMove.Chain;

/// <summary>What <see cref="SiteJoiner"/> did: roles newly granted besides the registry's (0–3) and whether the site registration was written.</summary>
public sealed record SiteJoinResult(string SiteIdHex, string Operator, int RolesGranted, bool SiteRegistered);
