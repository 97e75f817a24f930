import Fluent
import Foundation
import BadilCore

final class OrganizationRecord: Model, @unchecked Sendable {
    static let schema = "organizations"

    @ID(key: .id) var id: UUID?
    @Field(key: "name") var name: String
    @Field(key: "type") var type: String
    @OptionalField(key: "country_code") var countryCode: String?
    @Field(key: "active") var active: Bool
    @Field(key: "version") var version: Int
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    init() {}

    init(id: UUID? = nil, name: String, type: OrganizationType, countryCode: String?, active: Bool = true) {
        self.id = id
        self.name = name
        self.type = type.rawValue
        self.countryCode = countryCode
        self.active = active
        self.version = 1
    }

    var organizationType: OrganizationType { OrganizationType(rawValue: type) ?? .ngoOperator }
}
