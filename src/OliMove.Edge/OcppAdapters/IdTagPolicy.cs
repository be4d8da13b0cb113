namespace OliMove.Edge.OcppAdapters;

/// <summary>
/// Which idTags may charge. By default only idTags linked to a user account; a free-vend site (or the demo)
/// may accept unknown tags too, which then charge as non-participants without a guarantee.
/// </summary>
public sealed record IdTagPolicy(bool AcceptUnknownIdTags);
