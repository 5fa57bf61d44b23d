/**
 * The API's types, generated from docs/openapi.json by openapi-typescript (`npm run web:types`,
 * part of `npm run openapi`). Do not edit: change the DTOs in apps/api and regenerate.
 * Each schema is also exported by its name: `MetricsAnswer` is components['schemas']['MetricsAnswer'].
 */

export interface paths {
    "/api/v1/audit/exports/{sample_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The evidence bundle of a recorded sample, streamed as it is written (issue 13 §3). */
        get: operations["Audit_export"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/audit/population": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Population */
        get: operations["Audit_population"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/audit/samples": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Draw */
        post: operations["Audit_draw"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/audit/samples/{sample_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Sample */
        get: operations["Audit_sample"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/change-management/approvals/pending": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Pending */
        get: operations["ReadModels_pending"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/change-management/calendar": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The change calendar (issue 17): scheduled changes, their conflicts, maintenance windows,
         *     business hours and blackouts of [from, to). iCalendar (`text/calendar`) for calendar apps.
         */
        get: operations["ReadModels_changeCalendar"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/change-management/calendar.ics": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Feed */
        get: operations["CalendarFeedHttp_feed"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/change-management/change-log": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Change log */
        get: operations["ReadModels_changeLog"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/change-management/change-requests": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List */
        get: operations["ReadModels_list"];
        put?: never;
        /** Create */
        post: operations["CreateChangeRequestHttp_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/change-management/change-requests/emergency": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** The body is a change's content alone: the category is `emergency` by the route. */
        post: operations["CreateEmergencyChangeHttp_createEmergency"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/change-management/change-requests/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get */
        get: operations["GetChangeRequestHttp_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Handle */
        patch: operations["AmendChangeRequestHttp_handle"];
        trace?: never;
    };
    "/api/v1/change-management/change-requests/{id}/approve": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Approve */
        post: operations["ApproveChangeRequestHttp_approve"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/change-management/change-requests/{id}/cancel": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Handle */
        post: operations["CancelChangeRequestHttp_handle"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/change-management/change-requests/{id}/complete": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Handle */
        post: operations["CompleteChangeHttp_handle"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/change-management/change-requests/{id}/exceptions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Handle */
        post: operations["RequestPolicyExceptionHttp_handle"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/change-management/change-requests/{id}/exceptions/approve": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Handle */
        post: operations["ApprovePolicyExceptionHttp_handle"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/change-management/change-requests/{id}/gates": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Gates */
        get: operations["DeployGates_gates"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/change-management/change-requests/{id}/history": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** History */
        get: operations["GetChangeRequestHistoryHttp_history"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/change-management/change-requests/{id}/implement": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Handle */
        post: operations["StartImplementationHttp_handle"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/change-management/change-requests/{id}/reject": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Handle */
        post: operations["RejectChangeRequestHttp_handle"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/change-management/change-requests/{id}/review": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Handle */
        post: operations["RecordReviewHttp_handle"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/change-management/change-requests/{id}/rollback": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Handle */
        post: operations["RollBackChangeHttp_handle"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/change-management/change-requests/{id}/schedule": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Schedule */
        post: operations["ScheduleChangeHttp_schedule"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/change-management/change-requests/{id}/submit": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Submit */
        post: operations["SubmitChangeRequestHttp_submit"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/change-management/change-requests/{id}/verify": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Handle */
        post: operations["RecordVerificationHttp_handle"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/change-management/deployments": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Production deployments in a period, as they arrive. */
        get: operations["ReadModels_deployments"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/change-management/incidents": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Incidents (each executed rollback is one, SOC-ROLLBACK-INCIDENT) and their post-incident reviews. */
        get: operations["ReadModels_incidents"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/change-management/metrics": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** API-METRICS' key metrics against their targets, and DORA's four keys, for a period. */
        get: operations["ReadModels_metrics"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/change-management/notifications": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List */
        get: operations["Notifications_list"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/change-management/notifications/replay": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Plans the deliveries of one channel for the events recorded in [since, until): for a channel
         *     enabled after the notifier passed them. What was planned before is not planned again.
         */
        post: operations["Notifications_replay"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/change-management/notifications/{deliveryId}/resend": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** A parked delivery back to pending, from its first attempt; who asked and when are kept. */
        post: operations["Notifications_resend"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/change-management/policy-exceptions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List */
        get: operations["PolicyExceptions_list"];
        put?: never;
        /** Request */
        post: operations["PolicyExceptions_request"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/change-management/policy-exceptions/{exceptionId}/approve": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Approve */
        post: operations["PolicyExceptions_approve"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/change-management/projections": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** How far each projection is behind the event store, in events and seconds. */
        get: operations["ReadModels_projectionLag"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/change-management/reports/emergency": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** SOC-EMERG-REPORT: the quarter's emergency changes and their deadlines. */
        get: operations["ReadModels_emergency"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/change-management/reports/monthly": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** API-REPORT: the monthly report. */
        get: operations["ReadModels_monthly"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/change-management/standard-change-templates": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List */
        get: operations["ListStandardChangeTemplatesHttp_list"];
        put?: never;
        /** Propose */
        post: operations["ProposeStandardChangeTemplateHttp_propose"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/change-management/standard-change-templates/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get */
        get: operations["GetStandardChangeTemplateHttp_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/change-management/standard-change-templates/{id}/approve": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Handle */
        post: operations["ApproveStandardChangeTemplateHttp_handle"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/change-management/standard-change-templates/{id}/reject": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Handle */
        post: operations["RejectStandardChangeTemplateHttp_handle"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/change-management/standard-change-templates/{id}/retire": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Handle */
        post: operations["RetireStandardChangeTemplateHttp_handle"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/change-management/standard-change-templates/{id}/versions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Revise */
        post: operations["ProposeStandardChangeTemplateHttp_revise"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/change-management/unauthorized-changes": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Production changes no approved change request covered (POL-APPROVED-RECORD, SOC-PROHIBITED), in a period. */
        get: operations["ReadModels_unauthorizedChanges"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/ci-events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List */
        get: operations["ListCiEventsHttp_list"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/ci-events/{source}/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get */
        get: operations["GetCiEventHttp_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/ingest/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Events */
        post: operations["Ingest_events"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/ingest/github": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Github */
        post: operations["Ingest_github"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/ingest/gitlab": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Gitlab */
        post: operations["Ingest_gitlab"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/ingest/receipt": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Receipt */
        get: operations["CiFactReceipt_receipt"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/ledger/checkpoint": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Checkpoint */
        get: operations["Ledger_checkpoint"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/ledger/proofs/consistency": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Consistency */
        get: operations["Ledger_consistency"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/ledger/proofs/inclusion": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Inclusion */
        get: operations["Ledger_inclusion"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/ledger/verifier-key": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Verifier */
        get: operations["Ledger_verifier"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/legal-holds": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List */
        get: operations["LegalHolds_list"];
        put?: never;
        /** Place */
        post: operations["LegalHolds_place"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/legal-holds/{holdId}/release": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Release */
        post: operations["LegalHolds_release"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Me */
        get: operations["Me_me"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/me/calendar-feed-tokens": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List */
        get: operations["CalendarFeedTokensHttp_list"];
        put?: never;
        /** Issue */
        post: operations["CalendarFeedTokensHttp_issue"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/me/calendar-feed-tokens/{tokenId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Revoke */
        delete: operations["CalendarFeedTokensHttp_revoke"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/health": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Check */
        get: operations["Health_check"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/health/live": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Live */
        get: operations["OperationsHealth_live"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/health/ready": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Ready */
        get: operations["OperationsHealth_ready"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        ActingUnder: {
            policy_entry: string;
            policy_version: string;
            step: string;
        };
        AmendChangeRequestDto: Record<string, never>;
        AnswerPeriod: {
            /** @description Present when neither bound was given: says which period was taken instead. */
            default?: string;
            /** @description An instant (UTC), inclusive. */
            from: string;
            /** @description An instant (UTC), exclusive. */
            to: string;
        };
        ApprovalAnswer: {
            /** @description The required role it was given as. */
            approved_as: string | null;
            approved_at: string | null;
            approved_by: string;
            change_request_id: string;
            /** @description `implementation` once every required approval is given, else `awaiting_approval`. */
            next_step: string;
            /** @description Where the write landed, for a read model's `min_position`. */
            position: string | null;
            /** @description The log's signed receipt for the events this request recorded; null when there is none. */
            receipt?: string | null;
            /** @description Why the answer carries no receipt. */
            receipt_unavailable?: string;
            remaining_approvals: string[];
            status: string;
        };
        ApproveDto: {
            /** @description API-APPROVE: `true` approves; `false` rejects, with the comments as the reason. */
            approved: boolean;
            comments?: string;
            conditions?: string[];
            /** @description Extension: which required role this approval is given as, for someone holding several. */
            role?: string;
        };
        ApproveStandingExceptionDto: {
            /** @description Which of the sign-off roles (POL-EXCEPTIONS) this is given as, for someone holding both. */
            role?: string;
        };
        ApproveTemplateDto: {
            comments?: string;
            /** @description Which CAB role this approval is given as, for someone holding several. */
            role?: string;
            /** @description The version the approver saw: refused (409) if another one awaits approval. */
            version?: number;
        };
        ApprovedTemplateVersion: {
            /** @description The policy file's entry it was adopted from, if it was. */
            adopted_from_policy: string | null;
            approved_at: string;
            approved_by: components["schemas"]["TemplateApprovalAnswer"][];
            version: number;
        };
        AwaitingApproval: {
            approvals: components["schemas"]["TemplateApprovalAnswer"][];
            /** @enum {string} */
            kind: "proposal" | "reapproval";
            proposed_by: string | null;
            remaining_approvals: string[];
            required_approvals: string[];
            version: number;
        };
        CalendarAnswer: {
            blackouts: components["schemas"]["CalendarBlackout"][];
            business_hours: components["schemas"]["CalendarSlot"][];
            changes: components["schemas"]["CalendarChange"][];
            conflicts: components["schemas"]["CalendarConflict"][];
            from: string;
            maintenance_windows: components["schemas"]["CalendarSlot"][];
            period: components["schemas"]["CalendarPeriod"];
            to: string;
        };
        CalendarBlackout: {
            allow_emergency: boolean;
            end: string;
            name: string;
            override_roles: string[];
            reason: string | null;
            start: string;
        };
        CalendarChange: {
            affected_systems: string[];
            category: string;
            change_request_id: string;
            /** @description The changes it overlaps on one of its systems. */
            conflicts_with: string[];
            emergency: boolean;
            end: string;
            priority: string;
            requester: string;
            start: string;
            status: string;
            title: string;
        };
        CalendarConflict: {
            change_request_ids: string[];
            end: string;
            start: string;
            systems: string[];
        };
        CalendarFeedTokenAnswer: {
            expires_at: string;
            issued_at: string;
            label: string;
            revoked_at: string | null;
            revoked_by: string | null;
            token_id: string;
        };
        CalendarFeedTokensAnswer: {
            calendar_feed_tokens: components["schemas"]["CalendarFeedTokenAnswer"][];
        };
        CalendarPeriod: {
            /** @description Present when neither bound was given: says which window was taken. */
            default?: string;
            from: string;
            to: string;
        };
        CalendarSlot: {
            end: string;
            name: string;
            start: string;
        };
        CancelDto: {
            reason: string;
        };
        CatalogueTemplate: {
            awaiting_approval: components["schemas"]["AwaitingApproval"] | null;
            constraints: components["schemas"]["TemplateConstraints"] | null;
            retired: components["schemas"]["TemplateRetirement"] | null;
            /** @enum {string} */
            status: "rejected" | "proposed" | "active" | "suspended" | "retired";
            suspension: components["schemas"]["TemplateSuspensionAnswer"] | null;
            template_id: string;
            title: string;
            usage: components["schemas"]["TemplateUsage"];
            version: number | null;
        };
        ChangeContentDto: {
            affected_systems: string[];
            business_justification?: string;
            change_type: string;
            description: string;
            impact_scope?: string;
            implementation_plan?: string;
            links?: components["schemas"]["LinksDto"];
            /** @enum {string} */
            priority: "low" | "medium" | "high" | "critical";
            risk_assessment?: string;
            /** @enum {string} */
            risk_level?: "low" | "medium" | "high";
            rollback_plan?: Record<string, never>;
            scheduled_for?: string;
            security_considerations?: string;
            standard_template_id?: string;
            test_environment?: string;
            test_plan?: string;
            testing_required?: boolean;
            title: string;
            /** @enum {string} */
            urgency?: "low" | "medium" | "high" | "emergency";
        };
        ChangeLogAnswer: {
            entries: components["schemas"]["ChangeLogEntry"][];
            from: string;
            /** @description Present when neither `from` nor `to` was given. */
            period?: components["schemas"]["AnswerPeriod"];
            to: string;
        };
        ChangeLogEntry: {
            approvers: string[];
            author: string;
            category: string;
            change_id: string;
            deployment_date: string;
            description: string;
            emergency: boolean;
            incidents: components["schemas"]["ChangeLogIncident"][];
            /** @enum {string} */
            outcome: "failed" | "rolled_back" | "successful" | "in_progress";
            title: string;
        };
        ChangeLogIncident: {
            incident_id: string;
            severity: string;
        };
        ChangePolicyException: {
            approved: boolean;
            approved_at: string | null;
            deviation: string;
            /** @description E.g. `CHG-2026-001-EXC-1`. */
            exception_id: string;
            /** @description The deploy gates it waives once approved. */
            gates: string[];
            requested_at: string;
            requested_by: string;
            risk_assessment: string;
            signed_off_by: components["schemas"]["ExceptionSignOff"][];
        };
        ChangeRequestHistoryAnswer: {
            change_id: string;
            history: components["schemas"]["HistoryEntry"][];
        };
        ChangeRequestHoldScope: {
            change_request_id: string;
        };
        ChangeRequestIncident: {
            incident_id: string;
            review_due_at: string;
            reviewed_at: string | null;
            /** @enum {string} */
            severity: "P1" | "P2" | "P3";
        };
        ChangeRequestLinks: {
            artifact_digest: string | null;
            commit_sha: string | null;
            pull_request: string | null;
            repository: string | null;
        };
        ChangeRequestStepAnswer: {
            affected_systems: string[];
            approval_due_at: string | null;
            /** @enum {string} */
            approval_status: "approved" | "rejected" | "pending";
            approvals: components["schemas"]["GivenApproval"][];
            approved_at: string | null;
            /** @description The roles whose approval it needs (API-CR-FORM's `approvers`). */
            approvers: string[];
            business_justification: string | null;
            /** @enum {string} */
            category: "emergency" | "standard" | "normal" | "major";
            /** @description …and the policy's change type it counts as (`security`). */
            change_class: string;
            change_request_id: string;
            /** @description As the requester named it (API-CR-FORM's `security_enhancement`)… */
            change_type: string;
            completed_at: string | null;
            /** @description Counts the amendments: an approval applies to one version. */
            content_version: number;
            created_at: string;
            description: string;
            /** @description Null unless it is an emergency change. */
            emergency: components["schemas"]["EmergencyDeadlines"] | null;
            /** @description The latest exception (null with none); all of them under `exceptions`. */
            exception: components["schemas"]["LatestPolicyException"] | null;
            exceptions: components["schemas"]["ChangePolicyException"][];
            impact_scope: string | null;
            implementation_plan: string | null;
            implementation_started: string | null;
            implementer: string | null;
            /** @description The incident its rollback recorded. */
            incident: components["schemas"]["ChangeRequestIncident"] | null;
            links: components["schemas"]["ChangeRequestLinks"];
            policy_version: string;
            /** @description Where the write that answers this landed, for a read model's `min_position`; null on a read. */
            position: string | null;
            /** @enum {string} */
            priority: "low" | "medium" | "high" | "critical";
            /** @description The log's signed receipt for the events this request recorded; null when there is none. */
            receipt?: string | null;
            /** @description Why the answer carries no receipt. */
            receipt_unavailable?: string;
            /** @description API-CR-FORM's `request_date`: the day it was created. */
            request_date: string;
            requester: string;
            required_approvals: components["schemas"]["RequiredApprovalAnswer"][];
            risk_assessment: string | null;
            /** @enum {string|null} */
            risk_level: "low" | "medium" | "high" | null;
            /** @description SOC-ROLLBACK-PLAN's five parts, or a plan in prose as written (API-CR-FORM), or none. */
            rollback_plan: components["schemas"]["RollbackPlanParts"] | string | null;
            scheduled_for: string | null;
            scheduled_until: string | null;
            security_considerations: string | null;
            standard_template_id: string | null;
            /** @description `draft`, `pending_approval`, `approved`, `rejected`, `scheduled`, `implementing`, `completed`, `failed`, `rolled_back` or `cancelled`. */
            status: string;
            test_environment: string | null;
            test_plan: string | null;
            testing_required: boolean;
            title: string;
            /** @enum {string|null} */
            urgency: "low" | "medium" | "high" | "emergency" | null;
            verification: components["schemas"]["Verification"] | null;
        };
        ChangeRequestSummary: {
            affected_systems: string[];
            approval_due_at: string | null;
            approved_at: string | null;
            category: string;
            change_request_id: string;
            change_type: string;
            completed_at: string | null;
            created_at: string;
            emergency: boolean;
            implementation_started_at: string | null;
            priority: string;
            requester: string;
            /** @description `draft`, `pending_approval`, `approved`, `rejected`, `scheduled`, `implementing`, `completed`, `failed`, `rolled_back` or `cancelled`. */
            status: string;
            title: string;
        };
        ChangeRequestWithConflicts: {
            affected_systems: string[];
            approval_due_at: string | null;
            /** @enum {string} */
            approval_status: "approved" | "rejected" | "pending";
            approvals: components["schemas"]["GivenApproval"][];
            approved_at: string | null;
            /** @description The roles whose approval it needs (API-CR-FORM's `approvers`). */
            approvers: string[];
            business_justification: string | null;
            /** @enum {string} */
            category: "emergency" | "standard" | "normal" | "major";
            /** @description …and the policy's change type it counts as (`security`). */
            change_class: string;
            change_request_id: string;
            /** @description As the requester named it (API-CR-FORM's `security_enhancement`)… */
            change_type: string;
            completed_at: string | null;
            conflicts: components["schemas"]["ScheduleConflict"][];
            /** @description Counts the amendments: an approval applies to one version. */
            content_version: number;
            created_at: string;
            description: string;
            /** @description Null unless it is an emergency change. */
            emergency: components["schemas"]["EmergencyDeadlines"] | null;
            /** @description The latest exception (null with none); all of them under `exceptions`. */
            exception: components["schemas"]["LatestPolicyException"] | null;
            exceptions: components["schemas"]["ChangePolicyException"][];
            impact_scope: string | null;
            implementation_plan: string | null;
            implementation_started: string | null;
            implementer: string | null;
            /** @description The incident its rollback recorded. */
            incident: components["schemas"]["ChangeRequestIncident"] | null;
            links: components["schemas"]["ChangeRequestLinks"];
            policy_version: string;
            /** @description Where the write that answers this landed, for a read model's `min_position`; null on a read. */
            position: string | null;
            /** @enum {string} */
            priority: "low" | "medium" | "high" | "critical";
            /** @description API-CR-FORM's `request_date`: the day it was created. */
            request_date: string;
            requester: string;
            required_approvals: components["schemas"]["RequiredApprovalAnswer"][];
            risk_assessment: string | null;
            /** @enum {string|null} */
            risk_level: "low" | "medium" | "high" | null;
            /** @description SOC-ROLLBACK-PLAN's five parts, or a plan in prose as written (API-CR-FORM), or none. */
            rollback_plan: components["schemas"]["RollbackPlanParts"] | string | null;
            scheduled_for: string | null;
            scheduled_until: string | null;
            security_considerations: string | null;
            standard_template_id: string | null;
            /** @description `draft`, `pending_approval`, `approved`, `rejected`, `scheduled`, `implementing`, `completed`, `failed`, `rolled_back` or `cancelled`. */
            status: string;
            test_environment: string | null;
            test_plan: string | null;
            testing_required: boolean;
            title: string;
            /** @enum {string|null} */
            urgency: "low" | "medium" | "high" | "emergency" | null;
            verification: components["schemas"]["Verification"] | null;
        };
        ChangeRequestsAnswer: {
            /** @description Newest first. */
            items: components["schemas"]["ChangeRequestSummary"][];
            /** @description The `cursor` of the next page; null on the last. */
            next_cursor: string | null;
        };
        CiEventAnswer: {
            content_hash: string;
            deliveries: components["schemas"]["CiEventDelivery"][];
            /** @description The fact as recorded (camelCase, as the ledger's events hold it). */
            fact: {
                [key: string]: unknown;
            };
            id: string;
            link: components["schemas"]["CiEventLink"] | null;
            log_leaf: number | null;
            raw: components["schemas"]["RawCiMessage"] | null;
            /** @description The log's signed receipt for the fact's events; null when there is none. */
            receipt: string | null;
            /** @description Why there is no receipt. */
            receipt_unavailable?: string;
            received_at: string;
            reported_time_flags: string[];
            said: string;
            source: string;
            unauthorized: components["schemas"]["CiEventUnauthorized"] | null;
            unread: string[];
        };
        CiEventDelivery: {
            content_hash: string;
            delivery: string;
            event_id: string;
            /** @description The fact this delivery said (camelCase, as recorded); null for a redelivery. */
            fact: {
                [key: string]: unknown;
            } | null;
            hash: string;
            log_leaf: number | null;
            raw: components["schemas"]["RawCiMessage"] | null;
            received_at: string;
            recorded_at: string;
            said: string | null;
            unread: string[];
        };
        CiEventLink: {
            changeRequestId: string;
            /** @enum {string} */
            linkedBy: "artifact" | "change_request_id" | "commit_sha" | "pull_request";
        };
        CiEventUnauthorized: {
            reason: string;
        };
        CiEventsAnswer: {
            /** @description Newest first. */
            ci_events: components["schemas"]["ListedCiEvent"][];
            /** @description The `cursor` of the next page; null on the last. */
            next_cursor: string | null;
        };
        CiFactReceiptAnswer: {
            id: string;
            /** @description The signed note (ADR 0019); null when there is none, and `receipt_unavailable` says why. */
            receipt: string | null;
            /** @description Why there is no receipt. */
            receipt_unavailable?: string;
            source: string;
        };
        CompleteDto: {
            post_implementation_review?: string;
            /** @enum {string} */
            status: "failed" | "completed";
            test_results?: string;
        };
        CompletionAnswer: {
            change_request_id: string;
            completed_at: string | null;
            /** @description When the change is to be reviewed (a day, `2025-02-28`); null for a failed one. */
            next_review: string | null;
            /** @description Where the write landed, for a read model's `min_position`. */
            position: string | null;
            /** @description The log's signed receipt for the events this request recorded; null when there is none. */
            receipt?: string | null;
            /** @description Why the answer carries no receipt. */
            receipt_unavailable?: string;
            /** @description `completed` or `failed`. */
            status: string;
        };
        ConsistencyProofAnswer: {
            from: number;
            /** @description The proof's hashes, base64. */
            proof: string[];
            to: number;
        };
        CreateChangeRequestDto: {
            affected_systems: string[];
            business_justification?: string;
            /**
             * @description Emergency changes have their own route (`/emergency`).
             * @enum {string}
             */
            category?: "standard" | "normal" | "major";
            change_type: string;
            description: string;
            /** @description Extension: keep it as a draft instead of submitting it for approval. */
            draft?: boolean;
            impact_scope?: string;
            implementation_plan?: string;
            links?: components["schemas"]["LinksDto"];
            /** @enum {string} */
            priority: "low" | "medium" | "high" | "critical";
            risk_assessment?: string;
            /** @enum {string} */
            risk_level?: "low" | "medium" | "high";
            rollback_plan?: Record<string, never>;
            scheduled_for?: string;
            security_considerations?: string;
            standard_template_id?: string;
            test_environment?: string;
            test_plan?: string;
            testing_required?: boolean;
            title: string;
            /** @enum {string} */
            urgency?: "low" | "medium" | "high" | "emergency";
        };
        CreatedChangeRequest: {
            approval_due_at: string | null;
            /** @description The roles whose approval it needs. */
            approvers: string[];
            change_request_id: string;
            /** @description The policy's approval timeout for its priority (`24h`, `7d`); null for a standard change. */
            estimated_approval_time: string | null;
            policy_version: string;
            /** @description Where the write landed, for a read model's `min_position`. */
            position: string | null;
            /** @description The log's signed receipt for the events this request recorded; null when there is none. */
            receipt: string | null;
            /** @description Why the answer carries no receipt. */
            receipt_unavailable?: string;
            /** @description `pending_approval`, `draft`, or `approved` for a standard change the catalogue pre-approves. */
            status: string;
        };
        DeadlineTally: {
            met: number;
            missed: number;
            pending: number;
        };
        DeployGatesAnswer: {
            change_request_id: string;
            /** @enum {string} */
            decision: "allow" | "deny";
            environment: string;
            evaluated_at: string;
            gates: components["schemas"]["GateAnswer"][];
            policy_version: string;
        };
        Deployment: {
            approved_before_deployment: boolean;
            /**
             * @description Approved before (or on the emergency path) and no production deployment of it recorded
             *     unauthorized (ADR 0022); null on a row projected before that.
             */
            authorized: boolean | null;
            change_request_id: string;
            deployed_at: string;
            deployed_by: string;
            emergency: boolean;
            environment: string;
            finished_at: string | null;
            /** @enum {string} */
            outcome: "failed" | "rolled_back" | "successful" | "in_progress";
            title: string;
            unauthorized_reason: string | null;
        };
        DeploymentFrequency: {
            deployments: number;
            per_day: number;
        };
        DeploymentsAnswer: {
            deployments: components["schemas"]["Deployment"][];
            period: components["schemas"]["AnswerPeriod"];
        };
        DoraMetrics: {
            change_failure_rate: number | null;
            deployment_frequency: components["schemas"]["DeploymentFrequency"];
            failed_deployment_recovery_time: components["schemas"]["FailedDeploymentRecoveryTime"];
            lead_time_for_changes: components["schemas"]["LeadTimeForChanges"];
        };
        DrawSampleDto: {
            as_of?: string;
            from: string;
            seed: string;
            size?: number;
            sizes?: components["schemas"]["SampleSizesDto"];
            to: string;
        };
        DrawnSampleAnswer: {
            /** @description `hmac-sha256-rank/v1`. */
            algorithm: string;
            /** @description The instant the population was taken as of. */
            as_of: string;
            drawn_at: string;
            drawn_by: string;
            /** @description The `AuditSampleDrawn` event that recorded it. */
            event_id: string;
            /** @description The period [from, to). */
            from: string;
            /** @description SHA-256 (hex) of the population's ids, sorted, one per line with a final newline. */
            population_digest: string;
            population_size: number;
            /** @description The log's signed receipt for the events this request recorded; null when there is none. */
            receipt: string | null;
            /** @description Why the answer carries no receipt. */
            receipt_unavailable?: string;
            sample_id: string;
            seed: string;
            strata: components["schemas"]["SampledStratumAnswer"][];
            to: string;
        };
        EmergencyChange: {
            approved_before_implementation: boolean;
            change_request_id: string;
            created_at: string;
            /** @enum {string} */
            documentation: "met" | "missed" | "pending" | "not_started";
            /** @description 24 hours after implementation. */
            documentation_due_at: string | null;
            implemented_at: string | null;
            /** @enum {string} */
            post_hoc_review: "met" | "missed" | "pending" | "not_started";
            /** @description 5 business days after implementation. */
            post_hoc_review_due_at: string | null;
            retroactively_approved: boolean;
            /** @description `draft`, `pending_approval`, `approved`, `rejected`, `scheduled`, `implementing`, `completed`, `failed`, `rolled_back` or `cancelled`. */
            status: string;
        };
        EmergencyDeadlines: {
            documentation_due_at: string | null;
            documented_at: string | null;
            post_hoc_review_due_at: string | null;
            post_hoc_reviewed_at: string | null;
        };
        EmergencyReportAnswer: {
            awaiting_approval: number;
            changes: components["schemas"]["EmergencyChange"][];
            documentation_within_24h: components["schemas"]["DeadlineTally"];
            post_hoc_review_within_5_business_days: components["schemas"]["DeadlineTally"];
            /** @description E.g. `2026-Q1`. */
            quarter: string;
            retroactively_approved: number;
            total_emergency_changes: number;
        };
        ExceptionApproveDto: {
            role?: string;
        };
        ExceptionRequestDto: {
            deviation: string;
            /**
             * @description Extension (ADR 0022): the deploy gates this exception waives for the change once approved —
             *     `code_review`, `automated_tests`, `security_scan`, `staging_validation`, `deployment_window`.
             *     Left out, the exception documents a deviation and waives no gate.
             */
            gates?: string[];
            risk_assessment: string;
        };
        ExceptionSignOff: {
            approver: string;
            role: string;
        };
        FailedDeploymentRecoveryTime: {
            median_hours: number | null;
            rollbacks: number;
        };
        GateAnswer: {
            /** @description What the ledger holds that made the gate pass or fail. */
            evidence: {
                [key: string]: unknown;
            } | null;
            /** @description The approved exception that waived this failing gate; present only when it was waived. */
            exception_id?: string;
            /** @description `code_review`, `automated_tests`, `security_scan`, `staging_validation`, `rollback_plan`, `approval` or `deployment_window`. */
            gate: string;
            reason: string;
            /** @enum {string} */
            status: "passed" | "passed_by_exception" | "failed" | "not_applicable";
        };
        GivenApproval: {
            approved_at: string;
            approved_by: string;
            comments: string | null;
            conditions: string[];
            /** @description The version of the content it approved. */
            content_version: number;
            policy_version: string;
            /** @description An emergency change's approval, given after its implementation. */
            retroactive: boolean;
            role: string;
        };
        HistoryEntry: {
            /** @description Present when a service took a person's step. */
            acting_under?: components["schemas"]["ActingUnder"];
            /** @description API-HISTORY's action: `created`, `approved`, `implemented`, `completed`, … */
            action: string;
            /** @enum {string} */
            actor_kind: "service" | "user";
            authenticated_by: string;
            details: string;
            event_id: string;
            event_type: string;
            /** @description Its link in the stream's hash chain. */
            hash: string;
            /** @description Its leaf in the transparency log; null until sequenced. */
            leaf_index: number | null;
            recorded_at: string;
            /** @description Its revision in the change request's stream. */
            revision: number;
            roles: string[];
            /** @description When it happened (the step's own time, else when it occurred at the source). */
            timestamp: string;
            /** @description The authenticated principal that recorded it. */
            user: string;
        };
        IgnoredWebhookAnswer: {
            /** @enum {string} */
            outcome: "ignored";
            /** @description Why it was not recorded. */
            reason: string;
            /** @description Null: nothing was recorded. */
            receipt: string | null;
            /** @description Why the answer carries no receipt. */
            receipt_unavailable?: string;
        };
        ImplementDto: {
            /** @description Extension: how long the implementation is expected to take (default 2 hours). */
            estimated_duration_minutes?: number;
            implementation_plan?: string;
            maintenance_window?: boolean;
            scheduled_time?: string;
        };
        ImplementationAnswer: {
            change_request_id: string;
            /** @description An emergency change's: documented within 24 hours of implementation. */
            documentation_due_at: string | null;
            estimated_completion: string;
            implementation_started: string;
            /** @description Where the write landed, for a read model's `min_position`. */
            position: string | null;
            /** @description An emergency change's: reviewed within 5 business days. */
            post_hoc_review_due_at: string | null;
            /** @description The log's signed receipt for the events this request recorded; null when there is none. */
            receipt?: string | null;
            /** @description Why the answer carries no receipt. */
            receipt_unavailable?: string;
            status: string;
        };
        Incident: {
            change_request_id: string;
            incident_id: string;
            review_due_at: string;
            review_overdue: boolean;
            reviewed_at: string | null;
            severity: string;
        };
        IncidentsAnswer: {
            incidents: components["schemas"]["Incident"][];
        };
        InclusionProofAnswer: {
            event_id: string;
            /** @description SHA-256 of 0x00 ‖ the event's hash, base64. */
            leaf_hash: string;
            leaf_index: number;
            /** @description The path's hashes, base64, leaf to root. */
            proof: string[];
            tree_size: number;
        };
        IssueCalendarFeedTokenDto: {
            /** @description Days until it stops working (default 180, at most 366): renew by issuing another. */
            expires_in_days?: number;
            /** @description E.g. "phone" or "work laptop". */
            label: string;
        };
        IssuedCalendarFeedTokenAnswer: {
            expires_at: string;
            feed_token: string;
            /** @description The change calendar's iCalendar feed, opened by this token alone. */
            feed_url: string;
            issued_at: string;
            label: string;
            note: string;
            revoked_at: string | null;
            revoked_by: string | null;
            token_id: string;
        };
        KeyMetric: {
            definition: string;
            /** @description Null without data. */
            met: boolean | null;
            /** @description E.g. `change_success_rate`, `rollback_rate`. */
            metric: string;
            sample_size: number;
            /** @description E.g. `> 95%`, `< 24h`. */
            target: string;
            /** @enum {string} */
            unit: "hours" | "ratio";
            /** @description Null without data. */
            value: number | null;
        };
        LatestPolicyException: {
            approved: boolean;
            deviation: string;
            signed_off_by: components["schemas"]["ExceptionSignOff"][];
        };
        LeadTimeForChanges: {
            median_hours: number | null;
        };
        LegalHoldRelease: {
            at: string;
            by: string;
            reason: string;
        };
        LegalHoldWriteAnswer: {
            hold_id: string;
            placed_at: string;
            placed_by: string;
            reason: string;
            /** @description The log's signed receipt for the events this request recorded; null when there is none. */
            receipt?: string | null;
            /** @description Why the answer carries no receipt. */
            receipt_unavailable?: string;
            released: components["schemas"]["LegalHoldRelease"] | null;
            /** @description What it keeps: one change request, one system, or a time range. */
            scope: components["schemas"]["ChangeRequestHoldScope"] | components["schemas"]["SystemHoldScope"] | components["schemas"]["TimeRangeHoldScope"];
            /** @description When it lapses on its own; null: until released. */
            until: string | null;
        };
        LegalHoldsAnswer: {
            legal_holds: components["schemas"]["ListedLegalHold"][];
        };
        LinksDto: {
            artifact_digest?: string;
            commit_sha?: string;
            pull_request?: string;
            repository?: string;
        };
        ListedCiEvent: {
            change_request_id: string | null;
            /** @description Deliveries of the same (source, id) with other content. */
            conflicts: number;
            /** @description The principal that delivered it. */
            delivered_by: string;
            environment: string | null;
            /** @description The fact as recorded (camelCase, as the ledger's events hold it); null on an older row. */
            fact: {
                [key: string]: unknown;
            } | null;
            /** @description `cdevents`, `native`, `github` or `gitlab`. */
            format: string;
            /** @description Its id at that source. */
            id: string;
            kind: string;
            linked_by: string | null;
            occurred_at: string;
            /** @description The time exactly as the message wrote it, when that says more than `occurred_at`. */
            occurred_at_reported: string | null;
            outcome: string | null;
            /** @description SHA-256 of the message as received; null for one recorded before raw messages were kept. */
            raw_sha256: string | null;
            received_at: string;
            reported_time_flags: string[];
            /** @description What it said, in a sentence. */
            said: string | null;
            service: string | null;
            /** @description The CI source that reported it (a CloudEvents `source`, a repository). */
            source: string;
            source_type: string;
            /** @description Where it came in: the Kafka topic, partition and offset, or the HTTP request. */
            transport: {
                [key: string]: unknown;
            };
            /** @description The fields of the message the ledger did not read. */
            unread: string[];
        };
        ListedLegalHold: {
            /** @description Not released, and not past its `until`. */
            active: boolean;
            hold_id: string;
            placed_at: string;
            placed_by: string;
            reason: string;
            released: components["schemas"]["LegalHoldRelease"] | null;
            /** @description What it keeps: one change request, one system, or a time range. */
            scope: components["schemas"]["ChangeRequestHoldScope"] | components["schemas"]["SystemHoldScope"] | components["schemas"]["TimeRangeHoldScope"];
            /** @description When it lapses on its own; null: until released. */
            until: string | null;
        };
        MeAnswer: {
            /** @description How the credential was checked: `api-token` or `oidc-jwt`. */
            authenticated_by: string;
            /** @enum {string} */
            kind: "service" | "user";
            /** @description The authenticated principal: a person's id, or a service's. */
            principal: string;
            /** @description It may write nothing: an auditor, or a principal holding no role. */
            read_only: boolean;
            /** @description The policy roles it holds (an IdP's groups mapped to them, for an OIDC token). */
            roles: string[];
        };
        MetricsAnswer: {
            /** @description Deadlines recorded as missed, by kind (`approval`, `emergency_documentation`, …). */
            deadlines_missed: {
                [key: string]: number;
            };
            dora: components["schemas"]["DoraMetrics"];
            filters: components["schemas"]["MetricsFilters"];
            from: string;
            key_metrics: components["schemas"]["KeyMetric"][];
            /** @description Present when neither `from` nor `to` was given. */
            period?: components["schemas"]["AnswerPeriod"];
            to: string;
            unauthorized_changes: components["schemas"]["UnauthorizedChangeCount"];
        };
        MetricsFilters: {
            affected_system: string | null;
            category: string | null;
            priority: string | null;
        };
        MonthlyReportAnswer: {
            /** @description Mean of submitted → approved, e.g. `18h` or `45m`; null with none approved. */
            average_approval_time: string | null;
            /** @description Mean of implementation start → completion; null with none completed. */
            average_implementation_time: string | null;
            by_priority: {
                [key: string]: number;
            };
            /** @description API-REPORT's statuses first, always present; any other after them. */
            by_status: {
                [key: string]: number;
            };
            /** @description The policy's change types first, always present. */
            by_type: {
                [key: string]: number;
            };
            /** @description Present when no period was given: says that the current month was taken. */
            default?: string;
            /** @description The month, e.g. `2025-01`. */
            report_period: string;
            total_changes: number;
        };
        NotificationsAnswer: {
            notifications: components["schemas"]["OutboxEntryAnswer"][];
        };
        OutboxEntryAnswer: {
            attempts: number;
            change_request_id: string | null;
            /** @enum {string} */
            channel: "email" | "slack" | "webhook";
            created_at: string;
            /** @description The ledger event it notifies of. */
            event_id: string;
            event_type: string;
            id: string;
            kind: string;
            last_error: string | null;
            next_attempt_at: string;
            recipient: string;
            /** @description The replay that planned it late, for a channel enabled after its event. */
            replay_id: string | null;
            resent_at: string | null;
            /** @description Who last asked for it to be sent again after it was parked, and when. */
            resent_by: string | null;
            sent_at: string | null;
            /**
             * @description `parked`: given up after repeated failures, with its `last_error`.
             * @enum {string}
             */
            status: "pending" | "parked" | "sent";
            subject: string;
        };
        PendingApproval: {
            category: string;
            change_request_id: string;
            due_at: string | null;
            /** @description The approval timeout was recorded as missed (DeadlineMissed): escalated. */
            escalated: boolean;
            overdue: boolean;
            priority: string;
            requested_at: string;
            requester: string;
            /** @description An emergency change's approval, asked after its implementation. */
            retroactive: boolean;
            role: string;
            title: string;
        };
        PendingApprovalsAnswer: {
            /** @description The `cursor` of the next page; null on the last. */
            next_cursor: string | null;
            pending: components["schemas"]["PendingApproval"][];
        };
        PlaceLegalHoldDto: {
            change_request_id?: string;
            /** @description A date or an instant; a `to` date includes its day. */
            from?: string;
            reason: string;
            system?: string;
            to?: string;
            /** @description Held until released when omitted. */
            until?: string;
        };
        PopulationAnswer: {
            /** @description The instant it was taken as of; null: the read models' current state. */
            as_of: string | null;
            from: string;
            members: components["schemas"]["PopulationMemberAnswer"][];
            to: string;
            totals: components["schemas"]["PopulationTotalsAnswer"];
        };
        PopulationMemberAnswer: {
            approvers: string[];
            category: string | null;
            change_type: string | null;
            closed_at: string | null;
            deployed_at: string | null;
            emergency: boolean;
            /** @description A change request's id, or `ci:<source>#<id>` for an unauthorized deployment. */
            id: string;
            /** @description On the change log of this period (deployed in it). */
            in_change_log: boolean;
            incidents: string[];
            /** @enum {string} */
            kind: "change_request" | "unauthorized_deployment";
            /** @description The change log's outcome (SOC-CHANGE-LOG); null for an unauthorized deployment. */
            outcome: string | null;
            priority: string | null;
            /** @description Unauthorized deployments: why no approved change covered it… */
            reason: string | null;
            requester: string | null;
            /** @description …and what reported it. */
            source: string | null;
            status: string | null;
            /** @description The change's title; an unauthorized deployment's service. */
            title: string | null;
            unauthorized: boolean;
        };
        PopulationTotalsAnswer: {
            change_requests: number;
            /** @description Deployed before the period, closed in it. */
            closed_only: number;
            /** @description = the average implementation time's sample. */
            completed_in_period: number;
            /** @description = the change log's entries = DORA's deployments = the rollback rate's sample. */
            deployed: number;
            emergency: number;
            members: number;
            rolled_back: number;
            /** @description = the metrics' unauthorized_changes.count. */
            unauthorized: number;
            /** @description = the change success rate's sample. */
            with_outcome: number;
        };
        ProblemDetails: {
            /** @description The ledger error code, dotted (e.g. CHANGE_REQUEST.SELF_APPROVAL) */
            code?: string;
            detail: string;
            /** @description For invalid input: each field and why */
            errors?: {
                field?: string;
                reason?: string;
            }[];
            status: number;
            title: string;
            /** Format: uri-reference */
            type: string;
        };
        ProjectionLag: {
            /** @description The position of the last event it applied. */
            checkpoint: string;
            /** @description Events it has applied (counted again from zero by a rebuild). */
            eventsApplied: number;
            eventsBehind: number;
            /** @description Events it could not apply and set aside (`ledger projections`). */
            parked: number;
            projection: string;
            /** @description Seconds between the newest event it has not applied and now (0 when caught up). */
            secondsBehind: number;
        };
        ProjectionsAnswer: {
            projections: components["schemas"]["ProjectionLag"][];
        };
        ProposeTemplateDto: {
            /** @description System names, or patterns where `*` stands for any characters (`payments-*`; `*`: any). */
            affected_systems: string[];
            /** @description The policy's change types (or their aliases) an instance may have. */
            change_types: string[];
            description: string;
            /** @description The new template's id: a lower-case slug, the name a standard change gives it. */
            id: string;
            /**
             * @description The highest priority an instance may have.
             * @enum {string}
             */
            max_priority: "low" | "medium" | "high" | "critical";
            /**
             * @description The highest risk level an instance may state.
             * @enum {string}
             */
            max_risk_level: "low" | "medium" | "high";
            /** @description SOC-ROLLBACK-PLAN's five parts, filled into every instance that brings no plan of its own. */
            rollback_plan: components["schemas"]["RollbackPlanDto"];
            test_plan_required: boolean;
            title: string;
        };
        RawCiMessage: {
            /** @description Names of the headers whose value was not text, base64-encoded in `headers`. Absent when none. */
            base64Headers?: string[];
            /** @description The body: its text when it is UTF-8 text JSON can hold, else base64. */
            body: string;
            /** @enum {string} */
            encoding: "utf8" | "base64";
            headers: {
                [key: string]: string;
            };
            /** @description SHA-256 (hex) of the body's bytes, as received. */
            sha256: string;
            /**
             * @description Headers kept but shown to auditors only (a webhook's signature: from it and the body a weak
             *     secret could be guessed offline). Absent when none was withheld.
             */
            withheldHeaders?: string[];
        };
        RecordedCiFactAnswer: {
            /** @description Production deployments: whether an approved change covered it; null otherwise. */
            authorized: boolean | null;
            /** @description The change request it was linked to; null when none is. */
            change_request_id: string | null;
            /** @description Production deployments of a change request: the deploy gate's answer it was recorded with. */
            gate: components["schemas"]["RecordedGateAnswer"] | null;
            /** @description Its id at that source. */
            id: string;
            /** @description `deployment`, `removal`, `rollback`, `pipeline_run`, `test_run`, `security_scan`, `incident`, `code_review` or `merge`. */
            kind: string;
            /** @enum {string|null} */
            linked_by: "artifact" | "change_request_id" | "commit_sha" | "pull_request" | null;
            /**
             * @description `duplicate`: the same fact again; `conflict`: the same (source, id) with other content.
             * @enum {string}
             */
            outcome: "conflict" | "recorded" | "duplicate";
            /** @description Why it is unauthorized, or not linked. */
            reason: string | null;
            /** @description The log's signed receipt for the events this request recorded; null when there is none. */
            receipt: string | null;
            /** @description Why the answer carries no receipt. */
            receipt_unavailable?: string;
            /** @description The CI source that reported it. */
            source: string;
        };
        RecordedGateAnswer: {
            /** @enum {string} */
            decision: "allow" | "deny";
            /** @description When the ledger received the deployment's report: the time every gate was judged at. */
            evaluated_at: string;
            gates: components["schemas"]["GateAnswer"][];
            policy_version: string;
            /** @description The deployment's time as CI reported it; null in gates recorded before it was kept. */
            reported_at: string | null;
        };
        RejectDto: {
            reason: string;
            role?: string;
        };
        RejectTemplateDto: {
            reason: string;
            role?: string;
        };
        ReleaseLegalHoldDto: {
            reason: string;
        };
        ReplayAnswer: {
            channel: string;
            /** @description The request's place in the ledger: the notifier carries it out once it passed there. */
            position: string;
            /** @description The log's signed receipt for the events this request recorded; null when there is none. */
            receipt: string | null;
            /** @description Why the answer carries no receipt. */
            receipt_unavailable?: string;
            replay_id: string;
            /** @enum {string} */
            request: "replay";
            requested_at: string;
            requested_by: string;
            /** @description The window [since, until) of events it plans deliveries for. */
            since: string;
            until: string;
        };
        ReplayNotificationsDto: Record<string, never>;
        RequestStandingExceptionDto: {
            deviation: string;
            /** @description From this instant, or the start of this day (UTC), inclusive… */
            from: string;
            /**
             * @description The deploy gates it waives: `code_review`, `automated_tests`, `security_scan`,
             *     `staging_validation`, `deployment_window` (never the approval or the rollback plan).
             */
            gates: string[];
            risk_assessment: string;
            /** @description The services (affected systems) it is for: a change is covered when it affects only these. */
            services: string[];
            /** @description …to this instant (exclusive), or through this day (UTC): a date includes its day. */
            to: string;
        };
        RequiredApprovalAnswer: {
            approved_at: string | null;
            approved_by: string | null;
            role: string;
        };
        ResendAnswer: {
            delivery: components["schemas"]["OutboxEntryAnswer"];
            /** @description The request's place in the ledger: the notifier carries it out once it passed there. */
            position: string;
            /** @description The log's signed receipt for the events this request recorded; null when there is none. */
            receipt: string | null;
            /** @description Why the answer carries no receipt. */
            receipt_unavailable?: string;
            /** @enum {string} */
            request: "resend";
            requested_at: string;
            requested_by: string;
        };
        RetireTemplateDto: {
            reason: string;
            role?: string;
        };
        ReviewDto: {
            findings: string;
            /** @enum {string} */
            kind: "post_hoc" | "post_incident" | "post_implementation";
        };
        ReviseTemplateDto: {
            /** @description System names, or patterns where `*` stands for any characters (`payments-*`; `*`: any). */
            affected_systems: string[];
            /** @description The policy's change types (or their aliases) an instance may have. */
            change_types: string[];
            description: string;
            /**
             * @description The highest priority an instance may have.
             * @enum {string}
             */
            max_priority: "low" | "medium" | "high" | "critical";
            /**
             * @description The highest risk level an instance may state.
             * @enum {string}
             */
            max_risk_level: "low" | "medium" | "high";
            /** @description SOC-ROLLBACK-PLAN's five parts, filled into every instance that brings no plan of its own. */
            rollback_plan: components["schemas"]["RollbackPlanDto"];
            test_plan_required: boolean;
            title: string;
        };
        RollbackDto: {
            incident_id: string;
            reason: string;
            /**
             * @description SOC-ROLLBACK-INCIDENT: a rollback is an incident of P3 at least.
             * @enum {string}
             */
            severity?: "P1" | "P2" | "P3";
        };
        RollbackPlanDto: {
            owner: string;
            steps: string[];
            time_estimate_minutes: number;
            trigger_condition: string;
            verification_steps: string[];
        };
        RollbackPlanParts: {
            owner: string;
            steps: string[];
            time_estimate_minutes: number;
            trigger_condition: string;
            verification_steps: string[];
        };
        SampleAnswer: {
            /** @description `hmac-sha256-rank/v1`. */
            algorithm: string;
            /** @description The instant the population was taken as of. */
            as_of: string;
            drawn_at: string;
            drawn_by: string;
            /** @description The `AuditSampleDrawn` event that recorded it. */
            event_id: string;
            /** @description The period [from, to). */
            from: string;
            /** @description SHA-256 (hex) of the population's ids, sorted, one per line with a final newline. */
            population_digest: string;
            population_size: number;
            sample_id: string;
            seed: string;
            strata: components["schemas"]["SampledStratumAnswer"][];
            to: string;
        };
        SampleSizesDto: {
            emergency?: number;
            normal?: number;
            unauthorized?: number;
        };
        SampledStratumAnswer: {
            /** @description Members of the population in this stratum. */
            population_size: number;
            /** @description The size asked for; fewer are drawn when the stratum is smaller. */
            requested_size: number;
            selected: components["schemas"]["SelectedMember"][];
            /** @enum {string} */
            stratum: "emergency" | "normal" | "unauthorized" | "all";
        };
        ScheduleConflict: {
            change_request_id: string;
            end: string;
            start: string;
            systems: string[];
        };
        ScheduleDto: {
            maintenance_window?: boolean;
            scheduled_for: string;
            /** @description Extension: the end of the window (default: the calendar's default change duration). */
            scheduled_until?: string;
        };
        ScheduledChangeAnswer: {
            affected_systems: string[];
            approval_due_at: string | null;
            /** @enum {string} */
            approval_status: "approved" | "rejected" | "pending";
            approvals: components["schemas"]["GivenApproval"][];
            approved_at: string | null;
            /** @description The roles whose approval it needs (API-CR-FORM's `approvers`). */
            approvers: string[];
            business_justification: string | null;
            /** @enum {string} */
            category: "emergency" | "standard" | "normal" | "major";
            /** @description …and the policy's change type it counts as (`security`). */
            change_class: string;
            change_request_id: string;
            /** @description As the requester named it (API-CR-FORM's `security_enhancement`)… */
            change_type: string;
            completed_at: string | null;
            conflicts: components["schemas"]["ScheduleConflict"][];
            /** @description Counts the amendments: an approval applies to one version. */
            content_version: number;
            created_at: string;
            description: string;
            /** @description Null unless it is an emergency change. */
            emergency: components["schemas"]["EmergencyDeadlines"] | null;
            /** @description The latest exception (null with none); all of them under `exceptions`. */
            exception: components["schemas"]["LatestPolicyException"] | null;
            exceptions: components["schemas"]["ChangePolicyException"][];
            impact_scope: string | null;
            implementation_plan: string | null;
            implementation_started: string | null;
            implementer: string | null;
            /** @description The incident its rollback recorded. */
            incident: components["schemas"]["ChangeRequestIncident"] | null;
            links: components["schemas"]["ChangeRequestLinks"];
            policy_version: string;
            /** @description Where the write that answers this landed, for a read model's `min_position`; null on a read. */
            position: string | null;
            /** @enum {string} */
            priority: "low" | "medium" | "high" | "critical";
            /** @description The log's signed receipt for the events this request recorded; null when there is none. */
            receipt?: string | null;
            /** @description Why the answer carries no receipt. */
            receipt_unavailable?: string;
            /** @description API-CR-FORM's `request_date`: the day it was created. */
            request_date: string;
            requester: string;
            required_approvals: components["schemas"]["RequiredApprovalAnswer"][];
            risk_assessment: string | null;
            /** @enum {string|null} */
            risk_level: "low" | "medium" | "high" | null;
            /** @description SOC-ROLLBACK-PLAN's five parts, or a plan in prose as written (API-CR-FORM), or none. */
            rollback_plan: components["schemas"]["RollbackPlanParts"] | string | null;
            scheduled_for: string | null;
            scheduled_until: string | null;
            security_considerations: string | null;
            standard_template_id: string | null;
            /** @description `draft`, `pending_approval`, `approved`, `rejected`, `scheduled`, `implementing`, `completed`, `failed`, `rolled_back` or `cancelled`. */
            status: string;
            test_environment: string | null;
            test_plan: string | null;
            testing_required: boolean;
            title: string;
            /** @enum {string|null} */
            urgency: "low" | "medium" | "high" | "emergency" | null;
            verification: components["schemas"]["Verification"] | null;
        };
        SelectedMember: {
            id: string;
            rank: string;
        };
        StandardChangeTemplateDetail: {
            adopted_from_policy: string | null;
            approved_at: string | null;
            approved_by: components["schemas"]["TemplateApprovalAnswer"][];
            awaiting_approval: components["schemas"]["AwaitingApproval"] | null;
            constraints: components["schemas"]["TemplateConstraints"] | null;
            created_at: string;
            history: components["schemas"]["TemplateHistoryEntry"][];
            /** @description Where the write that answers this landed, for `min_position`; null on a read. */
            position: string | null;
            proposal: components["schemas"]["TemplateProposalAnswer"] | null;
            retired: components["schemas"]["TemplateRetirement"] | null;
            /** @enum {string} */
            status: "rejected" | "proposed" | "active" | "suspended" | "retired";
            /** @description Instances that have suspended it, each once. */
            suspended_for: string[];
            suspension: components["schemas"]["TemplateSuspensionAnswer"] | null;
            template_id: string;
            title: string;
            usage: components["schemas"]["TemplateUsage"];
            /** @description The version in force; null before the first approval. */
            version: number | null;
            versions: components["schemas"]["ApprovedTemplateVersion"][];
        };
        StandardChangeTemplateWriteAnswer: {
            adopted_from_policy: string | null;
            approved_at: string | null;
            approved_by: components["schemas"]["TemplateApprovalAnswer"][];
            awaiting_approval: components["schemas"]["AwaitingApproval"] | null;
            constraints: components["schemas"]["TemplateConstraints"] | null;
            created_at: string;
            /** @description Where the write that answers this landed, for `min_position`; null on a read. */
            position: string | null;
            proposal: components["schemas"]["TemplateProposalAnswer"] | null;
            /** @description The log's signed receipt for the events this request recorded; null when there is none. */
            receipt?: string | null;
            /** @description Why the answer carries no receipt. */
            receipt_unavailable?: string;
            retired: components["schemas"]["TemplateRetirement"] | null;
            /** @enum {string} */
            status: "rejected" | "proposed" | "active" | "suspended" | "retired";
            /** @description Instances that have suspended it, each once. */
            suspended_for: string[];
            suspension: components["schemas"]["TemplateSuspensionAnswer"] | null;
            template_id: string;
            title: string;
            /** @description The version in force; null before the first approval. */
            version: number | null;
            versions: components["schemas"]["ApprovedTemplateVersion"][];
        };
        StandardChangeTemplatesAnswer: {
            templates: components["schemas"]["CatalogueTemplate"][];
        };
        StandingExceptionAnswer: {
            approved: boolean;
            approved_at: string | null;
            deviation: string;
            /** @description E.g. `EXC-0001`. */
            exception_id: string;
            /** @description Its period [from, to). */
            from: string;
            /** @description The deploy gates it waives once approved. */
            gates: string[];
            requested_at: string;
            requested_by: string;
            risk_assessment: string;
            /** @description The services whose changes it covers. */
            services: string[];
            signed_off_by: components["schemas"]["ExceptionSignOff"][];
            to: string;
        };
        StandingExceptionWriteAnswer: {
            approved: boolean;
            approved_at: string | null;
            deviation: string;
            /** @description E.g. `EXC-0001`. */
            exception_id: string;
            /** @description Its period [from, to). */
            from: string;
            /** @description The deploy gates it waives once approved. */
            gates: string[];
            /** @description The log's signed receipt for the events this request recorded; null when there is none. */
            receipt?: string | null;
            /** @description Why the answer carries no receipt. */
            receipt_unavailable?: string;
            requested_at: string;
            requested_by: string;
            risk_assessment: string;
            /** @description The services whose changes it covers. */
            services: string[];
            signed_off_by: components["schemas"]["ExceptionSignOff"][];
            to: string;
        };
        StandingExceptionsAnswer: {
            /** @description In the order requested. */
            policy_exceptions: components["schemas"]["StandingExceptionAnswer"][];
        };
        SystemHoldScope: {
            system: string;
        };
        TemplateApprovalAnswer: {
            approved_at: string | null;
            approver: string;
            comments: string | null;
            role: string;
        };
        TemplateConstraints: {
            /** @description System names, or patterns where `*` stands for any characters. */
            affected_systems: string[];
            change_types: string[];
            description: string;
            /** @enum {string} */
            max_priority: "low" | "medium" | "high" | "critical";
            /** @enum {string} */
            max_risk_level: "low" | "medium" | "high";
            /** @description Filled into every instance that brings no plan of its own. */
            rollback_plan: components["schemas"]["RollbackPlanParts"] | string | null;
            test_plan_required: boolean;
            title: string;
        };
        TemplateHistoryEntry: {
            at: string;
            by: string;
            change_request_id: string | null;
            event: string;
            reason: string | null;
            recorded_at: string;
            revision: number;
            role: string | null;
            version: number | null;
        };
        TemplateProposalAnswer: {
            constraints: components["schemas"]["TemplateConstraints"];
            proposed_at: string;
            proposed_by: string;
            version: number;
        };
        TemplateRetirement: {
            reason: string;
            retired_at: string;
            retired_by: string;
        };
        TemplateSuspensionAnswer: {
            change_request_id: string;
            detail: string;
            /** @enum {string} */
            reason: "incident" | "rolled_back";
            since: string;
        };
        TemplateUsage: {
            completed: number;
            failed: number;
            /** @description Instances that caused an incident. */
            incidents: number;
            last_used_at: string | null;
            rolled_back: number;
            /** @description completed ÷ (completed + failed + rolled back); null with none ended. */
            success_rate: number | null;
            /** @description Changes it pre-approved. */
            uses: number;
        };
        TimeRangeHoldScope: {
            from: string;
            to: string;
        };
        UnauthorizedChange: {
            actor: string | null;
            change_request_id: string | null;
            environment: string;
            event_id: string;
            /** @description The deploy gates it failed (ADR 0022); none for a deployment no change covers. */
            failed_gates: string[];
            kind: string;
            occurred_at: string;
            reason: string;
            service: string | null;
            /** @description The CI source that reported it. */
            source: string;
        };
        UnauthorizedChangeCount: {
            count: number;
            target: number;
        };
        UnauthorizedChangesAnswer: {
            period: components["schemas"]["AnswerPeriod"];
            unauthorized_changes: components["schemas"]["UnauthorizedChange"][];
        };
        Verification: {
            monitoring_minutes: number;
            /** @enum {string} */
            outcome: "passed" | "failed";
            verified_at: string;
        };
        VerifyDto: {
            checks?: string[];
            monitoring_minutes: number;
            notes?: string;
            /** @enum {string} */
            outcome: "passed" | "failed";
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type ActingUnder = components['schemas']['ActingUnder'];
export type AmendChangeRequestDto = components['schemas']['AmendChangeRequestDto'];
export type AnswerPeriod = components['schemas']['AnswerPeriod'];
export type ApprovalAnswer = components['schemas']['ApprovalAnswer'];
export type ApproveDto = components['schemas']['ApproveDto'];
export type ApproveStandingExceptionDto = components['schemas']['ApproveStandingExceptionDto'];
export type ApproveTemplateDto = components['schemas']['ApproveTemplateDto'];
export type ApprovedTemplateVersion = components['schemas']['ApprovedTemplateVersion'];
export type AwaitingApproval = components['schemas']['AwaitingApproval'];
export type CalendarAnswer = components['schemas']['CalendarAnswer'];
export type CalendarBlackout = components['schemas']['CalendarBlackout'];
export type CalendarChange = components['schemas']['CalendarChange'];
export type CalendarConflict = components['schemas']['CalendarConflict'];
export type CalendarFeedTokenAnswer = components['schemas']['CalendarFeedTokenAnswer'];
export type CalendarFeedTokensAnswer = components['schemas']['CalendarFeedTokensAnswer'];
export type CalendarPeriod = components['schemas']['CalendarPeriod'];
export type CalendarSlot = components['schemas']['CalendarSlot'];
export type CancelDto = components['schemas']['CancelDto'];
export type CatalogueTemplate = components['schemas']['CatalogueTemplate'];
export type ChangeContentDto = components['schemas']['ChangeContentDto'];
export type ChangeLogAnswer = components['schemas']['ChangeLogAnswer'];
export type ChangeLogEntry = components['schemas']['ChangeLogEntry'];
export type ChangeLogIncident = components['schemas']['ChangeLogIncident'];
export type ChangePolicyException = components['schemas']['ChangePolicyException'];
export type ChangeRequestHistoryAnswer = components['schemas']['ChangeRequestHistoryAnswer'];
export type ChangeRequestHoldScope = components['schemas']['ChangeRequestHoldScope'];
export type ChangeRequestIncident = components['schemas']['ChangeRequestIncident'];
export type ChangeRequestLinks = components['schemas']['ChangeRequestLinks'];
export type ChangeRequestStepAnswer = components['schemas']['ChangeRequestStepAnswer'];
export type ChangeRequestSummary = components['schemas']['ChangeRequestSummary'];
export type ChangeRequestWithConflicts = components['schemas']['ChangeRequestWithConflicts'];
export type ChangeRequestsAnswer = components['schemas']['ChangeRequestsAnswer'];
export type CiEventAnswer = components['schemas']['CiEventAnswer'];
export type CiEventDelivery = components['schemas']['CiEventDelivery'];
export type CiEventLink = components['schemas']['CiEventLink'];
export type CiEventUnauthorized = components['schemas']['CiEventUnauthorized'];
export type CiEventsAnswer = components['schemas']['CiEventsAnswer'];
export type CiFactReceiptAnswer = components['schemas']['CiFactReceiptAnswer'];
export type CompleteDto = components['schemas']['CompleteDto'];
export type CompletionAnswer = components['schemas']['CompletionAnswer'];
export type ConsistencyProofAnswer = components['schemas']['ConsistencyProofAnswer'];
export type CreateChangeRequestDto = components['schemas']['CreateChangeRequestDto'];
export type CreatedChangeRequest = components['schemas']['CreatedChangeRequest'];
export type DeadlineTally = components['schemas']['DeadlineTally'];
export type DeployGatesAnswer = components['schemas']['DeployGatesAnswer'];
export type Deployment = components['schemas']['Deployment'];
export type DeploymentFrequency = components['schemas']['DeploymentFrequency'];
export type DeploymentsAnswer = components['schemas']['DeploymentsAnswer'];
export type DoraMetrics = components['schemas']['DoraMetrics'];
export type DrawSampleDto = components['schemas']['DrawSampleDto'];
export type DrawnSampleAnswer = components['schemas']['DrawnSampleAnswer'];
export type EmergencyChange = components['schemas']['EmergencyChange'];
export type EmergencyDeadlines = components['schemas']['EmergencyDeadlines'];
export type EmergencyReportAnswer = components['schemas']['EmergencyReportAnswer'];
export type ExceptionApproveDto = components['schemas']['ExceptionApproveDto'];
export type ExceptionRequestDto = components['schemas']['ExceptionRequestDto'];
export type ExceptionSignOff = components['schemas']['ExceptionSignOff'];
export type FailedDeploymentRecoveryTime = components['schemas']['FailedDeploymentRecoveryTime'];
export type GateAnswer = components['schemas']['GateAnswer'];
export type GivenApproval = components['schemas']['GivenApproval'];
export type HistoryEntry = components['schemas']['HistoryEntry'];
export type IgnoredWebhookAnswer = components['schemas']['IgnoredWebhookAnswer'];
export type ImplementDto = components['schemas']['ImplementDto'];
export type ImplementationAnswer = components['schemas']['ImplementationAnswer'];
export type Incident = components['schemas']['Incident'];
export type IncidentsAnswer = components['schemas']['IncidentsAnswer'];
export type InclusionProofAnswer = components['schemas']['InclusionProofAnswer'];
export type IssueCalendarFeedTokenDto = components['schemas']['IssueCalendarFeedTokenDto'];
export type IssuedCalendarFeedTokenAnswer = components['schemas']['IssuedCalendarFeedTokenAnswer'];
export type KeyMetric = components['schemas']['KeyMetric'];
export type LatestPolicyException = components['schemas']['LatestPolicyException'];
export type LeadTimeForChanges = components['schemas']['LeadTimeForChanges'];
export type LegalHoldRelease = components['schemas']['LegalHoldRelease'];
export type LegalHoldWriteAnswer = components['schemas']['LegalHoldWriteAnswer'];
export type LegalHoldsAnswer = components['schemas']['LegalHoldsAnswer'];
export type LinksDto = components['schemas']['LinksDto'];
export type ListedCiEvent = components['schemas']['ListedCiEvent'];
export type ListedLegalHold = components['schemas']['ListedLegalHold'];
export type MeAnswer = components['schemas']['MeAnswer'];
export type MetricsAnswer = components['schemas']['MetricsAnswer'];
export type MetricsFilters = components['schemas']['MetricsFilters'];
export type MonthlyReportAnswer = components['schemas']['MonthlyReportAnswer'];
export type NotificationsAnswer = components['schemas']['NotificationsAnswer'];
export type OutboxEntryAnswer = components['schemas']['OutboxEntryAnswer'];
export type PendingApproval = components['schemas']['PendingApproval'];
export type PendingApprovalsAnswer = components['schemas']['PendingApprovalsAnswer'];
export type PlaceLegalHoldDto = components['schemas']['PlaceLegalHoldDto'];
export type PopulationAnswer = components['schemas']['PopulationAnswer'];
export type PopulationMemberAnswer = components['schemas']['PopulationMemberAnswer'];
export type PopulationTotalsAnswer = components['schemas']['PopulationTotalsAnswer'];
export type ProblemDetails = components['schemas']['ProblemDetails'];
export type ProjectionLag = components['schemas']['ProjectionLag'];
export type ProjectionsAnswer = components['schemas']['ProjectionsAnswer'];
export type ProposeTemplateDto = components['schemas']['ProposeTemplateDto'];
export type RawCiMessage = components['schemas']['RawCiMessage'];
export type RecordedCiFactAnswer = components['schemas']['RecordedCiFactAnswer'];
export type RecordedGateAnswer = components['schemas']['RecordedGateAnswer'];
export type RejectDto = components['schemas']['RejectDto'];
export type RejectTemplateDto = components['schemas']['RejectTemplateDto'];
export type ReleaseLegalHoldDto = components['schemas']['ReleaseLegalHoldDto'];
export type ReplayAnswer = components['schemas']['ReplayAnswer'];
export type ReplayNotificationsDto = components['schemas']['ReplayNotificationsDto'];
export type RequestStandingExceptionDto = components['schemas']['RequestStandingExceptionDto'];
export type RequiredApprovalAnswer = components['schemas']['RequiredApprovalAnswer'];
export type ResendAnswer = components['schemas']['ResendAnswer'];
export type RetireTemplateDto = components['schemas']['RetireTemplateDto'];
export type ReviewDto = components['schemas']['ReviewDto'];
export type ReviseTemplateDto = components['schemas']['ReviseTemplateDto'];
export type RollbackDto = components['schemas']['RollbackDto'];
export type RollbackPlanDto = components['schemas']['RollbackPlanDto'];
export type RollbackPlanParts = components['schemas']['RollbackPlanParts'];
export type SampleAnswer = components['schemas']['SampleAnswer'];
export type SampleSizesDto = components['schemas']['SampleSizesDto'];
export type SampledStratumAnswer = components['schemas']['SampledStratumAnswer'];
export type ScheduleConflict = components['schemas']['ScheduleConflict'];
export type ScheduleDto = components['schemas']['ScheduleDto'];
export type ScheduledChangeAnswer = components['schemas']['ScheduledChangeAnswer'];
export type SelectedMember = components['schemas']['SelectedMember'];
export type StandardChangeTemplateDetail = components['schemas']['StandardChangeTemplateDetail'];
export type StandardChangeTemplateWriteAnswer = components['schemas']['StandardChangeTemplateWriteAnswer'];
export type StandardChangeTemplatesAnswer = components['schemas']['StandardChangeTemplatesAnswer'];
export type StandingExceptionAnswer = components['schemas']['StandingExceptionAnswer'];
export type StandingExceptionWriteAnswer = components['schemas']['StandingExceptionWriteAnswer'];
export type StandingExceptionsAnswer = components['schemas']['StandingExceptionsAnswer'];
export type SystemHoldScope = components['schemas']['SystemHoldScope'];
export type TemplateApprovalAnswer = components['schemas']['TemplateApprovalAnswer'];
export type TemplateConstraints = components['schemas']['TemplateConstraints'];
export type TemplateHistoryEntry = components['schemas']['TemplateHistoryEntry'];
export type TemplateProposalAnswer = components['schemas']['TemplateProposalAnswer'];
export type TemplateRetirement = components['schemas']['TemplateRetirement'];
export type TemplateSuspensionAnswer = components['schemas']['TemplateSuspensionAnswer'];
export type TemplateUsage = components['schemas']['TemplateUsage'];
export type TimeRangeHoldScope = components['schemas']['TimeRangeHoldScope'];
export type UnauthorizedChange = components['schemas']['UnauthorizedChange'];
export type UnauthorizedChangeCount = components['schemas']['UnauthorizedChangeCount'];
export type UnauthorizedChangesAnswer = components['schemas']['UnauthorizedChangesAnswer'];
export type Verification = components['schemas']['Verification'];
export type VerifyDto = components['schemas']['VerifyDto'];
export type $defs = Record<string, never>;
export interface operations {
    Audit_export: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                sample_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Invalid input: the field and the reason */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description No or unknown credential */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Authenticated, but not allowed (role, separation of duties) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description No such change request */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description A conflicting change (state or concurrent write) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Refused by a rule of the policy */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    Audit_population: {
        parameters: {
            query: {
                /** @description A date or an instant, as every period's bounds; a `to` date includes its day. */
                from: string;
                to: string;
                as_of?: string;
                format?: "json" | "csv";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The population as JSON, or as CSV with `format=csv` */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PopulationAnswer"];
                    "text/csv": string;
                };
            };
            /** @description Invalid input: the field and the reason */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description No or unknown credential */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Authenticated, but not allowed (role, separation of duties) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description No such change request */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description A conflicting change (state or concurrent write) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Refused by a rule of the policy */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    Audit_draw: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["DrawSampleDto"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DrawnSampleAnswer"];
                };
            };
            /** @description Invalid input: the field and the reason */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description No or unknown credential */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Authenticated, but not allowed (role, separation of duties) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description No such change request */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description A conflicting change (state or concurrent write) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Refused by a rule of the policy */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    Audit_sample: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                sample_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SampleAnswer"];
                };
            };
            /** @description Invalid input: the field and the reason */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description No or unknown credential */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Authenticated, but not allowed (role, separation of duties) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description No such change request */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description A conflicting change (state or concurrent write) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Refused by a rule of the policy */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    ReadModels_pending: {
        parameters: {
            query?: {
                role?: string;
                /**
                 * @description The queue is paged: `next_cursor` of one answer is the `cursor` of the next, for the same
                 *     `role` (or none); a cursor of another queue is refused.
                 */
                limit?: number;
                cursor?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PendingApprovalsAnswer"];
                };
            };
            /** @description Invalid input: the field and the reason */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description No or unknown credential */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Authenticated, but not allowed (role, separation of duties) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description No such change request */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description A conflicting change (state or concurrent write) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Refused by a rule of the policy */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    ReadModels_changeCalendar: {
        parameters: {
            query?: {
                /** @description Both left out: from 7 days before today to 31 days after. */
                from?: string;
                to?: string;
                format?: "json" | "ics";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CalendarAnswer"];
                };
            };
            /** @description Invalid input: the field and the reason */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description No or unknown credential */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Authenticated, but not allowed (role, separation of duties) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description No such change request */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description A conflicting change (state or concurrent write) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Refused by a rule of the policy */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    CalendarFeedHttp_feed: {
        parameters: {
            query: {
                feed_token: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The change calendar of the window around today, as iCalendar (RFC 5545) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/calendar": string;
                };
            };
            /** @description Invalid input: the field and the reason */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description No or unknown credential */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Authenticated, but not allowed (role, separation of duties) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description No such change request */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description A conflicting change (state or concurrent write) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Refused by a rule of the policy */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    ReadModels_changeLog: {
        parameters: {
            query?: {
                from?: string;
                to?: string;
                format?: "json" | "csv";
                /** @description What the ledger knew at that instant: folded from the events recorded before it. */
                as_of?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ChangeLogAnswer"];
                };
            };
            /** @description Invalid input: the field and the reason */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description No or unknown credential */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Authenticated, but not allowed (role, separation of duties) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description No such change request */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description A conflicting change (state or concurrent write) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Refused by a rule of the policy */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    ReadModels_list: {
        parameters: {
            query?: {
                status?: string;
                category?: string;
                priority?: string;
                change_type?: string;
                requester?: string;
                affected_system?: string;
                from?: string;
                to?: string;
                q?: string;
                cursor?: string;
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ChangeRequestsAnswer"];
                };
            };
            /** @description Invalid input: the field and the reason */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description No or unknown credential */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Authenticated, but not allowed (role, separation of duties) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description No such change request */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description A conflicting change (state or concurrent write) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Refused by a rule of the policy */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    CreateChangeRequestHttp_create: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "affected_systems": [
                 *         "authentication-service",
                 *         "admin-ui"
                 *       ],
                 *       "change_type": "security_enhancement",
                 *       "description": "Add multi-factor authentication requirement",
                 *       "priority": "high",
                 *       "test_plan": "Test MFA enrollment and login flow",
                 *       "testing_required": true,
                 *       "title": "Implement MFA for Admin Access"
                 *     }
                 */
                "application/json": components["schemas"]["CreateChangeRequestDto"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CreatedChangeRequest"];
                };
            };
            /** @description Invalid input: the field and the reason */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description No or unknown credential */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Authenticated, but not allowed (role, separation of duties) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description No such change request */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description A conflicting change (state or concurrent write) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Refused by a rule of the policy */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    CreateEmergencyChangeHttp_createEmergency: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ChangeContentDto"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ChangeRequestStepAnswer"];
                };
            };
            /** @description Invalid input: the field and the reason */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description No or unknown credential */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Authenticated, but not allowed (role, separation of duties) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description No such change request */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description A conflicting change (state or concurrent write) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Refused by a rule of the policy */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    GetChangeRequestHttp_get: {
        parameters: {
            query?: {
                as_of?: string;
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ChangeRequestWithConflicts"];
                };
            };
            /** @description Invalid input: the field and the reason */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description No or unknown credential */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Authenticated, but not allowed (role, separation of duties) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description No such change request */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description A conflicting change (state or concurrent write) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Refused by a rule of the policy */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    AmendChangeRequestHttp_handle: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["AmendChangeRequestDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ChangeRequestStepAnswer"];
                };
            };
            /** @description Invalid input: the field and the reason */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description No or unknown credential */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Authenticated, but not allowed (role, separation of duties) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description No such change request */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description A conflicting change (state or concurrent write) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Refused by a rule of the policy */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    ApproveChangeRequestHttp_approve: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "approved": true,
                 *       "comments": "Approved - security enhancement aligns with compliance requirements",
                 *       "conditions": [
                 *         "MFA must be tested in staging before production"
                 *       ]
                 *     }
                 */
                "application/json": components["schemas"]["ApproveDto"];
            };
        };
        responses: {
            /** @description An approval: what remains. A rejection (`approved: false`): the change request. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApprovalAnswer"] | components["schemas"]["ChangeRequestStepAnswer"];
                };
            };
            /** @description Invalid input: the field and the reason */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description No or unknown credential */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Authenticated, but not allowed (role, separation of duties) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description No such change request */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description A conflicting change (state or concurrent write) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Refused by a rule of the policy */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    CancelChangeRequestHttp_handle: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CancelDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ChangeRequestStepAnswer"];
                };
            };
            /** @description Invalid input: the field and the reason */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description No or unknown credential */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Authenticated, but not allowed (role, separation of duties) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description No such change request */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description A conflicting change (state or concurrent write) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Refused by a rule of the policy */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    CompleteChangeHttp_handle: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "post_implementation_review": "Change successfully implemented, no issues detected",
                 *       "status": "completed",
                 *       "test_results": "All tests passed"
                 *     }
                 */
                "application/json": components["schemas"]["CompleteDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CompletionAnswer"];
                };
            };
            /** @description Invalid input: the field and the reason */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description No or unknown credential */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Authenticated, but not allowed (role, separation of duties) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description No such change request */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description A conflicting change (state or concurrent write) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Refused by a rule of the policy */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    RequestPolicyExceptionHttp_handle: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ExceptionRequestDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ChangeRequestStepAnswer"];
                };
            };
            /** @description Invalid input: the field and the reason */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description No or unknown credential */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Authenticated, but not allowed (role, separation of duties) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description No such change request */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description A conflicting change (state or concurrent write) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Refused by a rule of the policy */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    ApprovePolicyExceptionHttp_handle: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ExceptionApproveDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ChangeRequestStepAnswer"];
                };
            };
            /** @description Invalid input: the field and the reason */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description No or unknown credential */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Authenticated, but not allowed (role, separation of duties) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description No such change request */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description A conflicting change (state or concurrent write) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Refused by a rule of the policy */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    DeployGates_gates: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DeployGatesAnswer"];
                };
            };
            /** @description Invalid input: the field and the reason */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description No or unknown credential */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Authenticated, but not allowed (role, separation of duties) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description No such change request */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description A conflicting change (state or concurrent write) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Refused by a rule of the policy */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    GetChangeRequestHistoryHttp_history: {
        parameters: {
            query?: {
                as_of?: string;
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ChangeRequestHistoryAnswer"];
                };
            };
            /** @description Invalid input: the field and the reason */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description No or unknown credential */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Authenticated, but not allowed (role, separation of duties) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description No such change request */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description A conflicting change (state or concurrent write) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Refused by a rule of the policy */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    StartImplementationHttp_handle: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "implementation_plan": "Deploy to staging, test, then production",
                 *       "maintenance_window": true,
                 *       "scheduled_time": "2025-01-28T02:00:00Z"
                 *     }
                 */
                "application/json": components["schemas"]["ImplementDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ImplementationAnswer"];
                };
            };
            /** @description Invalid input: the field and the reason */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description No or unknown credential */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Authenticated, but not allowed (role, separation of duties) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description No such change request */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description A conflicting change (state or concurrent write) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Refused by a rule of the policy */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    RejectChangeRequestHttp_handle: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RejectDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ChangeRequestStepAnswer"];
                };
            };
            /** @description Invalid input: the field and the reason */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description No or unknown credential */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Authenticated, but not allowed (role, separation of duties) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description No such change request */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description A conflicting change (state or concurrent write) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Refused by a rule of the policy */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    RecordReviewHttp_handle: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ReviewDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ChangeRequestStepAnswer"];
                };
            };
            /** @description Invalid input: the field and the reason */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description No or unknown credential */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Authenticated, but not allowed (role, separation of duties) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description No such change request */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description A conflicting change (state or concurrent write) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Refused by a rule of the policy */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    RollBackChangeHttp_handle: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RollbackDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ChangeRequestStepAnswer"];
                };
            };
            /** @description Invalid input: the field and the reason */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description No or unknown credential */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Authenticated, but not allowed (role, separation of duties) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description No such change request */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description A conflicting change (state or concurrent write) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Refused by a rule of the policy */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    ScheduleChangeHttp_schedule: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ScheduleDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ScheduledChangeAnswer"];
                };
            };
            /** @description Invalid input: the field and the reason */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description No or unknown credential */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Authenticated, but not allowed (role, separation of duties) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description No such change request */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description A conflicting change (state or concurrent write) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Refused by a rule of the policy */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    SubmitChangeRequestHttp_submit: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ChangeRequestStepAnswer"];
                };
            };
            /** @description Invalid input: the field and the reason */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description No or unknown credential */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Authenticated, but not allowed (role, separation of duties) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description No such change request */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description A conflicting change (state or concurrent write) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Refused by a rule of the policy */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    RecordVerificationHttp_handle: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["VerifyDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ChangeRequestStepAnswer"];
                };
            };
            /** @description Invalid input: the field and the reason */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description No or unknown credential */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Authenticated, but not allowed (role, separation of duties) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description No such change request */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description A conflicting change (state or concurrent write) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Refused by a rule of the policy */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    ReadModels_deployments: {
        parameters: {
            query?: {
                from?: string;
                to?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DeploymentsAnswer"];
                };
            };
            /** @description Invalid input: the field and the reason */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description No or unknown credential */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Authenticated, but not allowed (role, separation of duties) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description No such change request */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description A conflicting change (state or concurrent write) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Refused by a rule of the policy */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    ReadModels_incidents: {
        parameters: {
            query?: {
                /** @description `true`: only incidents whose post-incident review is not done. */
                open?: "true" | "false";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["IncidentsAnswer"];
                };
            };
            /** @description Invalid input: the field and the reason */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description No or unknown credential */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Authenticated, but not allowed (role, separation of duties) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description No such change request */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description A conflicting change (state or concurrent write) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Refused by a rule of the policy */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    ReadModels_metrics: {
        parameters: {
            query?: {
                from?: string;
                to?: string;
                category?: string;
                priority?: string;
                affected_system?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MetricsAnswer"];
                };
            };
            /** @description Invalid input: the field and the reason */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description No or unknown credential */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Authenticated, but not allowed (role, separation of duties) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description No such change request */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description A conflicting change (state or concurrent write) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Refused by a rule of the policy */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    Notifications_list: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["NotificationsAnswer"];
                };
            };
            /** @description Invalid input: the field and the reason */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description No or unknown credential */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Authenticated, but not allowed (role, separation of duties) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description No such change request */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description A conflicting change (state or concurrent write) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Refused by a rule of the policy */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    Notifications_replay: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ReplayNotificationsDto"];
            };
        };
        responses: {
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ReplayAnswer"];
                };
            };
            /** @description Invalid input: the field and the reason */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description No or unknown credential */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Authenticated, but not allowed (role, separation of duties) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description No such change request */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description A conflicting change (state or concurrent write) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Refused by a rule of the policy */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    Notifications_resend: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                deliveryId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ResendAnswer"];
                };
            };
            /** @description Invalid input: the field and the reason */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description No or unknown credential */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Authenticated, but not allowed (role, separation of duties) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description No such change request */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description A conflicting change (state or concurrent write) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Refused by a rule of the policy */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    PolicyExceptions_list: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["StandingExceptionsAnswer"];
                };
            };
            /** @description Invalid input: the field and the reason */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description No or unknown credential */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Authenticated, but not allowed (role, separation of duties) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description No such change request */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description A conflicting change (state or concurrent write) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Refused by a rule of the policy */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    PolicyExceptions_request: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RequestStandingExceptionDto"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["StandingExceptionWriteAnswer"];
                };
            };
            /** @description Invalid input: the field and the reason */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description No or unknown credential */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Authenticated, but not allowed (role, separation of duties) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description No such change request */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description A conflicting change (state or concurrent write) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Refused by a rule of the policy */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    PolicyExceptions_approve: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                exceptionId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ApproveStandingExceptionDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["StandingExceptionWriteAnswer"];
                };
            };
            /** @description Invalid input: the field and the reason */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description No or unknown credential */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Authenticated, but not allowed (role, separation of duties) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description No such change request */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description A conflicting change (state or concurrent write) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Refused by a rule of the policy */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    ReadModels_projectionLag: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProjectionsAnswer"];
                };
            };
            /** @description Invalid input: the field and the reason */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description No or unknown credential */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Authenticated, but not allowed (role, separation of duties) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description No such change request */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description A conflicting change (state or concurrent write) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Refused by a rule of the policy */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    ReadModels_emergency: {
        parameters: {
            query: {
                quarter: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["EmergencyReportAnswer"];
                };
            };
            /** @description Invalid input: the field and the reason */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description No or unknown credential */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Authenticated, but not allowed (role, separation of duties) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description No such change request */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description A conflicting change (state or concurrent write) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Refused by a rule of the policy */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    ReadModels_monthly: {
        parameters: {
            query?: {
                /** @description Left out: the current month (UTC), said in the answer's `default`. */
                period?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MonthlyReportAnswer"];
                };
            };
            /** @description Invalid input: the field and the reason */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description No or unknown credential */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Authenticated, but not allowed (role, separation of duties) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description No such change request */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description A conflicting change (state or concurrent write) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Refused by a rule of the policy */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    ListStandardChangeTemplatesHttp_list: {
        parameters: {
            query?: {
                /** @description Only templates in this status. */
                status?: "rejected" | "proposed" | "active" | "suspended" | "retired";
                /** @description Wait until the catalogue shows a write answered with this `position`. */
                min_position?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["StandardChangeTemplatesAnswer"];
                };
            };
            /** @description Invalid input: the field and the reason */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description No or unknown credential */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Authenticated, but not allowed (role, separation of duties) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description No such standard-change template */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description A conflicting change (state or concurrent write) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Refused by a rule of the policy */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    ProposeStandardChangeTemplateHttp_propose: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ProposeTemplateDto"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["StandardChangeTemplateWriteAnswer"];
                };
            };
            /** @description Invalid input: the field and the reason */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description No or unknown credential */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Authenticated, but not allowed (role, separation of duties) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description No such standard-change template */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description A conflicting change (state or concurrent write) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Refused by a rule of the policy */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    GetStandardChangeTemplateHttp_get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["StandardChangeTemplateDetail"];
                };
            };
            /** @description Invalid input: the field and the reason */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description No or unknown credential */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Authenticated, but not allowed (role, separation of duties) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description No such standard-change template */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description A conflicting change (state or concurrent write) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Refused by a rule of the policy */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    ApproveStandardChangeTemplateHttp_handle: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ApproveTemplateDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["StandardChangeTemplateWriteAnswer"];
                };
            };
            /** @description Invalid input: the field and the reason */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description No or unknown credential */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Authenticated, but not allowed (role, separation of duties) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description No such standard-change template */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description A conflicting change (state or concurrent write) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Refused by a rule of the policy */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    RejectStandardChangeTemplateHttp_handle: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RejectTemplateDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["StandardChangeTemplateWriteAnswer"];
                };
            };
            /** @description Invalid input: the field and the reason */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description No or unknown credential */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Authenticated, but not allowed (role, separation of duties) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description No such standard-change template */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description A conflicting change (state or concurrent write) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Refused by a rule of the policy */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    RetireStandardChangeTemplateHttp_handle: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RetireTemplateDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["StandardChangeTemplateWriteAnswer"];
                };
            };
            /** @description Invalid input: the field and the reason */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description No or unknown credential */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Authenticated, but not allowed (role, separation of duties) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description No such standard-change template */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description A conflicting change (state or concurrent write) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Refused by a rule of the policy */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    ProposeStandardChangeTemplateHttp_revise: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ReviseTemplateDto"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["StandardChangeTemplateWriteAnswer"];
                };
            };
            /** @description Invalid input: the field and the reason */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description No or unknown credential */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Authenticated, but not allowed (role, separation of duties) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description No such standard-change template */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description A conflicting change (state or concurrent write) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Refused by a rule of the policy */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    ReadModels_unauthorizedChanges: {
        parameters: {
            query?: {
                from?: string;
                to?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UnauthorizedChangesAnswer"];
                };
            };
            /** @description Invalid input: the field and the reason */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description No or unknown credential */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Authenticated, but not allowed (role, separation of duties) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description No such change request */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description A conflicting change (state or concurrent write) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Refused by a rule of the policy */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    ListCiEventsHttp_list: {
        parameters: {
            query?: {
                change_request_id?: string;
                /** @description The CI source that reported it (a CloudEvents `source`, a repository). */
                source?: string;
                kind?: string;
                environment?: string;
                outcome?: string;
                /** @description When it happened: [from, to), dates or date-times; a date as `to` includes its day. */
                from?: string;
                to?: string;
                /** @description `next_cursor` of the page before, with the same filters. */
                cursor?: string;
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CiEventsAnswer"];
                };
            };
            /** @description Invalid input: the field and the reason */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description No or unknown credential */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Authenticated, but not allowed (role, separation of duties) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description No such change request */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description A conflicting change (state or concurrent write) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Refused by a rule of the policy */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    GetCiEventHttp_get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                source: string;
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CiEventAnswer"];
                };
            };
            /** @description Invalid input: the field and the reason */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description No or unknown credential */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Authenticated, but not allowed (role, separation of duties) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description No such change request */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description A conflicting change (state or concurrent write) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Refused by a rule of the policy */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    Ingest_events: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RecordedCiFactAnswer"];
                };
            };
            /** @description Invalid input: the field and the reason */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description No or unknown credential */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Authenticated, but not allowed (role, separation of duties) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description No such change request */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description A conflicting change (state or concurrent write) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Refused by a rule of the policy */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    Ingest_github: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RecordedCiFactAnswer"] | components["schemas"]["IgnoredWebhookAnswer"];
                };
            };
            /** @description Invalid input: the field and the reason */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description No or unknown credential */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Authenticated, but not allowed (role, separation of duties) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description No such change request */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description A conflicting change (state or concurrent write) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Refused by a rule of the policy */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    Ingest_gitlab: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RecordedCiFactAnswer"] | components["schemas"]["IgnoredWebhookAnswer"];
                };
            };
            /** @description Invalid input: the field and the reason */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description No or unknown credential */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Authenticated, but not allowed (role, separation of duties) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description No such change request */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description A conflicting change (state or concurrent write) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Refused by a rule of the policy */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    CiFactReceipt_receipt: {
        parameters: {
            query: {
                source: string;
                id: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CiFactReceiptAnswer"];
                };
            };
            /** @description Invalid input: the field and the reason */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description No or unknown credential */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Authenticated, but not allowed (role, separation of duties) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description No such change request */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description A conflicting change (state or concurrent write) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Refused by a rule of the policy */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    Ledger_checkpoint: {
        parameters: {
            query: {
                size: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/plain": string;
                };
            };
            /** @description Invalid input: the field and the reason */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description No or unknown credential */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Authenticated, but not allowed (role, separation of duties) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description No such change request */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description A conflicting change (state or concurrent write) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Refused by a rule of the policy */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    Ledger_consistency: {
        parameters: {
            query: {
                from: string;
                to: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ConsistencyProofAnswer"];
                };
            };
            /** @description Invalid input: the field and the reason */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description No or unknown credential */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Authenticated, but not allowed (role, separation of duties) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description No such change request */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description A conflicting change (state or concurrent write) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Refused by a rule of the policy */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    Ledger_inclusion: {
        parameters: {
            query: {
                event_id: string;
                tree_size: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["InclusionProofAnswer"];
                };
            };
            /** @description Invalid input: the field and the reason */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description No or unknown credential */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Authenticated, but not allowed (role, separation of duties) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description No such change request */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description A conflicting change (state or concurrent write) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Refused by a rule of the policy */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    Ledger_verifier: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/plain": string;
                };
            };
            /** @description Invalid input: the field and the reason */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description No or unknown credential */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Authenticated, but not allowed (role, separation of duties) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description No such change request */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description A conflicting change (state or concurrent write) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Refused by a rule of the policy */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    LegalHolds_list: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LegalHoldsAnswer"];
                };
            };
            /** @description Invalid input: the field and the reason */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description No or unknown credential */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Authenticated, but not allowed (role, separation of duties) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description No such change request */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description A conflicting change (state or concurrent write) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Refused by a rule of the policy */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    LegalHolds_place: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PlaceLegalHoldDto"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LegalHoldWriteAnswer"];
                };
            };
            /** @description Invalid input: the field and the reason */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description No or unknown credential */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Authenticated, but not allowed (role, separation of duties) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description No such change request */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description A conflicting change (state or concurrent write) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Refused by a rule of the policy */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    LegalHolds_release: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                holdId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ReleaseLegalHoldDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LegalHoldWriteAnswer"];
                };
            };
            /** @description Invalid input: the field and the reason */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description No or unknown credential */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Authenticated, but not allowed (role, separation of duties) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description No such change request */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description A conflicting change (state or concurrent write) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Refused by a rule of the policy */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    Me_me: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MeAnswer"];
                };
            };
            /** @description Invalid input: the field and the reason */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description No or unknown credential */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Authenticated, but not allowed (role, separation of duties) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description No such change request */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description A conflicting change (state or concurrent write) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Refused by a rule of the policy */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    CalendarFeedTokensHttp_list: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CalendarFeedTokensAnswer"];
                };
            };
            /** @description Invalid input: the field and the reason */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description No or unknown credential */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Authenticated, but not allowed (role, separation of duties) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description No such change request */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description A conflicting change (state or concurrent write) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Refused by a rule of the policy */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    CalendarFeedTokensHttp_issue: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["IssueCalendarFeedTokenDto"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["IssuedCalendarFeedTokenAnswer"];
                };
            };
            /** @description Invalid input: the field and the reason */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description No or unknown credential */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Authenticated, but not allowed (role, separation of duties) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description No such change request */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description A conflicting change (state or concurrent write) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Refused by a rule of the policy */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    CalendarFeedTokensHttp_revoke: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                tokenId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CalendarFeedTokenAnswer"];
                };
            };
            /** @description Invalid input: the field and the reason */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description No or unknown credential */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Authenticated, but not allowed (role, separation of duties) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description No such change request */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description A conflicting change (state or concurrent write) */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Refused by a rule of the policy */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
        };
    };
    Health_check: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    OperationsHealth_live: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The Health Check is successful */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /**
                         * @example {
                         *       "database": {
                         *         "status": "up"
                         *       }
                         *     }
                         */
                        details?: {
                            [key: string]: {
                                status: string;
                            } & {
                                [key: string]: unknown;
                            };
                        };
                        /** @example {} */
                        error?: {
                            [key: string]: {
                                status: string;
                            } & {
                                [key: string]: unknown;
                            };
                        } | null;
                        /**
                         * @example {
                         *       "database": {
                         *         "status": "up"
                         *       }
                         *     }
                         */
                        info?: {
                            [key: string]: {
                                status: string;
                            } & {
                                [key: string]: unknown;
                            };
                        } | null;
                        /** @example ok */
                        status?: string;
                    };
                };
            };
            /** @description The Health Check is not successful */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /**
                         * @example {
                         *       "database": {
                         *         "status": "up"
                         *       },
                         *       "redis": {
                         *         "message": "Could not connect",
                         *         "status": "down"
                         *       }
                         *     }
                         */
                        details?: {
                            [key: string]: {
                                status: string;
                            } & {
                                [key: string]: unknown;
                            };
                        };
                        /**
                         * @example {
                         *       "redis": {
                         *         "message": "Could not connect",
                         *         "status": "down"
                         *       }
                         *     }
                         */
                        error?: {
                            [key: string]: {
                                status: string;
                            } & {
                                [key: string]: unknown;
                            };
                        } | null;
                        /**
                         * @example {
                         *       "database": {
                         *         "status": "up"
                         *       }
                         *     }
                         */
                        info?: {
                            [key: string]: {
                                status: string;
                            } & {
                                [key: string]: unknown;
                            };
                        } | null;
                        /** @example error */
                        status?: string;
                    };
                };
            };
        };
    };
    OperationsHealth_ready: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The Health Check is successful */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /**
                         * @example {
                         *       "database": {
                         *         "status": "up"
                         *       }
                         *     }
                         */
                        details?: {
                            [key: string]: {
                                status: string;
                            } & {
                                [key: string]: unknown;
                            };
                        };
                        /** @example {} */
                        error?: {
                            [key: string]: {
                                status: string;
                            } & {
                                [key: string]: unknown;
                            };
                        } | null;
                        /**
                         * @example {
                         *       "database": {
                         *         "status": "up"
                         *       }
                         *     }
                         */
                        info?: {
                            [key: string]: {
                                status: string;
                            } & {
                                [key: string]: unknown;
                            };
                        } | null;
                        /** @example ok */
                        status?: string;
                    };
                };
            };
            /** @description The Health Check is not successful */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /**
                         * @example {
                         *       "database": {
                         *         "status": "up"
                         *       },
                         *       "redis": {
                         *         "message": "Could not connect",
                         *         "status": "down"
                         *       }
                         *     }
                         */
                        details?: {
                            [key: string]: {
                                status: string;
                            } & {
                                [key: string]: unknown;
                            };
                        };
                        /**
                         * @example {
                         *       "redis": {
                         *         "message": "Could not connect",
                         *         "status": "down"
                         *       }
                         *     }
                         */
                        error?: {
                            [key: string]: {
                                status: string;
                            } & {
                                [key: string]: unknown;
                            };
                        } | null;
                        /**
                         * @example {
                         *       "database": {
                         *         "status": "up"
                         *       }
                         *     }
                         */
                        info?: {
                            [key: string]: {
                                status: string;
                            } & {
                                [key: string]: unknown;
                            };
                        } | null;
                        /** @example error */
                        status?: string;
                    };
                };
            };
        };
    };
}
