namespace OliMove.Edge.Api;

/// <summary>Who is calling the API. Operators can do what viewers can; users see only their own data.</summary>
public enum ApiRole
{
    Viewer,
    Operator,
    User,
}
