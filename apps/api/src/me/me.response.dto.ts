/** Who the credential is: what the page offers depends on it. */
export class MeAnswer {
  /** The authenticated principal: a person's id, or a service's. */
  principal!: string;
  kind!: 'user' | 'service';
  /** The policy roles it holds (an IdP's groups mapped to them, for an OIDC token). */
  roles!: string[];
  /** How the credential was checked: `api-token` or `oidc-jwt`. */
  authenticated_by!: string;
  /** It may write nothing: an auditor, or a principal holding no role. */
  read_only!: boolean;
}
