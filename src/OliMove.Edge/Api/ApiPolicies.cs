namespace OliMove.Edge.Api;

public static class ApiPolicies
{
    public const string Viewer = "viewer";
    public const string Operator = "operator";
    public const string User = "user";
}
