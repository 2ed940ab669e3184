extension ServerSettings {
    /// The top-level sections of `Config/lunas.json` that other readers own: the city reader owns
    /// `city` (``CityConfiguration``), the acquirer link owns `acquirer` (``AcquirerLink``). Every
    /// other key belongs to the server settings table (``table``), which refuses the rest.
    static let sectionsOwnedElsewhere: Set<String> = ["city", "acquirer"]
}
