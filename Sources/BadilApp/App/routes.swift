import Vapor

func registerRoutes(_ app: Application) throws {
    let api = app.grouped("api", "v1")
    SystemController().register(app, api: api)
    AuthAPIController().register(api)
    AdminAPIController().register(api)
    RegistrationAPIController().register(api)
    ScreeningAPIController().register(api)
    PlacementAPIController().register(api)
    ConsularAPIController().register(api)
    IncidentAPIController().register(api)

    WebAuthController().register(app)
    HomeController().register(app)
    AdminPages().register(app)
    RegistrationPages().register(app)
    ScreeningPages().register(app)
    DecisionPages().register(app)
    FollowUpPages().register(app)
    FacilityPages().register(app)
    PlacementPages().register(app)
    ReferralPages().register(app)
    TransferPages().register(app)
    PlacementReportPages().register(app)
    ConsularPages().register(app)
    IncidentPages().register(app)
}
