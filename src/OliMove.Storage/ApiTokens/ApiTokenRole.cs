namespace OliMove.Storage;

public enum ApiTokenRole
{
    /// <summary>Reads the status API.</summary>
    Viewer,

    /// <summary>CPO staff: reads and operates.</summary>
    Operator,

    /// <summary>An EV user of the charging app, bound to one user.</summary>
    User,
}
