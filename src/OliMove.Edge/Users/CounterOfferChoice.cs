namespace OliMove.Edge.Users;

/// <summary>Which counter-offer the driver takes.</summary>
public enum CounterOfferChoice
{
    /// <summary>Less energy by the requested departure.</summary>
    Energy,

    /// <summary>The requested energy by a later departure.</summary>
    Departure,
}
