using System.Globalization;

namespace OliMove.Edge.Api;

/// <summary><c>?offset=&amp;limit=</c> on every list; limit defaults to 50 and may not exceed 500.</summary>
public sealed record PageRequest(int Offset, int Limit)
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 500;

    public static bool TryParse(IQueryCollection query, out PageRequest page, out string error)
    {
        page = new PageRequest(0, DefaultLimit);
        error = "";
        var offset = 0;
        var limit = DefaultLimit;
        if (query.TryGetValue("offset", out var o) && (!int.TryParse(o, NumberStyles.None, CultureInfo.InvariantCulture, out offset) || offset < 0))
        {
            error = "offset must be a whole number ≥ 0";
            return false;
        }

        if (query.TryGetValue("limit", out var l) && (!int.TryParse(l, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit < 1 || limit > MaxLimit))
        {
            error = $"limit must be a whole number from 1 to {MaxLimit}";
            return false;
        }

        page = new PageRequest(offset, limit);
        return true;
    }
}
