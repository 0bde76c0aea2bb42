//! The Order Management API client, generic over the HTTP backend ([`Transport`]).
//!
//! Every call: validates its input first (`invalid_input`, nothing sent); gets an access token
//! from the shared cache ([`auth`]); sends `Authorization`, `Ocp-Apim-Subscription-Key`,
//! `Merchant-Serial-Number`, the `Vipps-System-*` headers and one `Idempotency-Key` for all its
//! attempts; retries what is worth retrying ([`retry`]); renews the token once on a 401; and
//! maps failures to a [`ClientError`] with a stable code.
//!
//! Receipts are exactly-once: a 409 (a receipt is already there, perhaps from an attempt whose
//! answer was lost) is resolved by reading the order back: the same receipt is
//! [`WriteOutcome::AlreadyExists`], a different one is a `conflict` carrying both.

pub mod auth;
pub(crate) mod endpoints;
pub mod error;
pub mod options;
#[cfg(all(feature = "reqwest", not(target_arch = "wasm32")))]
mod reqwest_transport;
pub mod retry;
pub mod transport;

use std::borrow::Cow;
use std::fmt;
use std::future::Future;
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};

pub use error::{ClientError, ErrorCode, ReceiptConflict};
pub use options::{
    BoxFuture, ClientOptions, Credentials, Environment, ProvidedToken, Secret, TokenProvider,
};
#[cfg(all(feature = "reqwest", not(target_arch = "wasm32")))]
#[cfg_attr(docsrs, doc(cfg(feature = "reqwest")))]
pub use reqwest_transport::{MAX_RESPONSE_BYTES, ReqwestTransport};
pub use retry::RetryPolicy;
pub use transport::{HttpRequest, HttpResponse, Method, Transport, TransportError};

use self::auth::{
    Claim, FIRST_WAIT_STEP_MS, MAX_WAIT_STEP_MS, RenewalTicket, TokenCache, parse_token_response,
};
use self::endpoints::{
    ACCESS_TOKEN_PATH, ORDER_MANAGEMENT_PATH, Segment, idempotency_key, order_management_url,
    push_encoded,
};
use self::options::{DEFAULT_TIMEOUT_MS, is_header_safe};
use self::retry::{is_retryable_status, parse_retry_after};
use crate::image::{content_image_id, decode_base64, image_request, validate_image};
use crate::issue::{Issue, Issues, Report, Text};
use crate::json::{Arena, JsonValue, Path, read_tree};
use crate::model::read::{self, read_root};
use crate::model::{
    AddCategoryRequest, Category, GetCategoriesResponse, Image, OrderCategory, OrderV2Response,
    PaymentSources, PaymentType, QuantityUnit, Receipt,
};
use crate::money::Quantity;
use crate::validate::ids::{MAX_IMAGE_ID_LEN, check_identifier};
use crate::validate::{
    validate_add_category_request, validate_order_category, validate_order_id,
    validate_payment_type, validate_receipt,
};
use crate::write_json::WriteJson;

/// What a write did. New outcomes may be added in a minor release (match with a `_` arm).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum WriteOutcome {
    /// This call wrote it.
    Created,
    /// It was already there, identical (an earlier call, or an attempt whose answer was lost).
    AlreadyExists,
    /// Images with a caller-chosen id only: after a retry, the id is taken, perhaps by this
    /// call's own earlier attempt, perhaps by another upload; the API cannot say which bytes it
    /// holds, so this is not reported as ours.
    IdTaken,
}

/// What a write did, and the id the API's answer carried (`POST v2/.../receipts` and
/// `PUT v2/.../categories` answer a JSON string; the spec's example is a UUID).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WriteResult {
    /// Whether this call wrote it, or it was already there.
    pub outcome: WriteOutcome,
    /// The id the API's answer carried, when it carried one.
    pub id: Option<String>,
}

/// The outcome of [`OrderManagementClient::add_receipt`].
pub type AddReceiptOutcome = WriteResult;

/// An uploaded image: its id (to put in a category's `imageId`) and whether this call wrote it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UploadedImage {
    /// The id to put in a category's `imageId`.
    pub image_id: String,
    /// Whether this call wrote it, or it was already there.
    pub outcome: WriteOutcome,
    /// True when the id is derived from the content: then an id already taken provably holds
    /// these bytes. False for a caller-chosen id.
    pub id_from_content: bool,
}

/// A v3 category added by [`OrderManagementClient::add_category`]: created by this call, or
/// found already there after an attempt whose outcome was unknown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AddedCategory {
    /// The `categoryId` the API gave the category (from the POST's answer or the listing).
    pub category_id: Option<String>,
    /// Whether this call created it, or found it already there.
    pub outcome: WriteOutcome,
}

/// Image content for [`OrderManagementClient::upload_image`].
#[derive(Debug, Clone, Copy)]
pub enum ImageData<'a> {
    /// PNG or JPEG bytes.
    Bytes(&'a [u8]),
    /// The same, as standard padded base64 (not a `data:` URL).
    Base64(&'a str),
}

/// A transport outcome, or a failure that ends the call at once (the token could not be had).
type AttemptResult = Result<Result<HttpResponse, TransportError>, ClientError>;

/// The Order Management API client over an HTTP backend `T` (see the module notes).
///
/// Make one per set of credentials and reuse it: it caches the access token for every call.
/// It is `Send + Sync` when `T` is (as `ReqwestTransport` is, with the `reqwest` feature), so one
/// client in an `Arc` serves every task of a service.
pub struct OrderManagementClient<T: Transport> {
    transport: T,
    options: ClientOptions,
    /// Without a trailing `/`.
    base_url: String,
    system_headers: Vec<(&'static str, String)>,
    tokens: TokenCache,
}

impl<T: Transport> fmt::Debug for OrderManagementClient<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OrderManagementClient")
            .field("base_url", &self.base_url)
            .field("options", &self.options)
            .finish_non_exhaustive()
    }
}

impl<T: Transport> OrderManagementClient<T> {
    /// A client, or `invalid_input` with every problem in the options.
    pub fn new(options: ClientOptions, transport: T) -> Result<Self, ClientError> {
        let checked = options.check()?;
        Ok(OrderManagementClient {
            tokens: TokenCache::new(options.token_refresh_margin_ms),
            transport,
            options,
            base_url: checked.base_url,
            system_headers: checked.system_headers,
        })
    }

    /// The HTTP backend.
    pub fn transport(&self) -> &T {
        &self.transport
    }

    /// The options the client was made with.
    pub fn options(&self) -> &ClientOptions {
        &self.options
    }

    /// `POST v2/{paymentType}/receipts/{orderId}`, exactly once (see the module notes).
    pub async fn add_receipt(
        &self,
        payment_type: &str,
        order_id: &str,
        receipt: &Receipt,
    ) -> Result<AddReceiptOutcome, ClientError> {
        refuse_invalid(&[
            validate_payment_type(payment_type),
            validate_order_id(order_id),
            validate_receipt(receipt),
        ])?;
        let payment_type = wire_payment_type(payment_type);
        let url = order_management_url(
            &self.base_url,
            &[
                Segment::Lit("v2"),
                Segment::Id(payment_type),
                Segment::Lit("receipts"),
                Segment::Id(order_id),
            ],
        )?;
        let context = request_name(Method::Post, &url, &self.base_url);
        let body = receipt.to_json();
        let error = match self.call(Method::Post, url, Some(body), &context).await {
            Ok(response) => {
                check_declared_json(&response, &context)?;
                return Ok(WriteResult {
                    outcome: WriteOutcome::Created,
                    id: returned_id(&response),
                });
            }
            Err(error) if error.code == ErrorCode::Conflict => error,
            Err(error) => return Err(error),
        };
        // A receipt is there already: ours (an attempt whose answer was lost, or an earlier
        // call) or another one. Only reading it back tells.
        match self.fetch_order(payment_type, order_id).await {
            Ok(OrderV2Response {
                receipt: Some(existing),
                ..
            }) => {
                if same_receipt(&existing, receipt) {
                    Ok(WriteResult {
                        outcome: WriteOutcome::AlreadyExists,
                        id: None,
                    })
                } else {
                    Err(ClientError {
                        message: Text::new()
                            .str(&context)
                            .str(
                                ": the order already has a different receipt; receipts cannot \
                                 be changed",
                            )
                            .done(),
                        receipt_conflict: Some(Box::new(ReceiptConflict {
                            existing,
                            attempted: receipt.clone(),
                        })),
                        ..error
                    })
                }
            }
            Ok(_) => Err(error),
            Err(read_error) => Err(ClientError {
                message: Text::new()
                    .str(&error.message)
                    .str(" (reading the order back to compare receipts failed: ")
                    .str(read_error.code.as_str())
                    .str(": ")
                    .str(&read_error.message)
                    .str(")")
                    .done(),
                ..error
            }),
        }
    }

    /// `GET v2/{paymentType}/{orderId}`: the order's category and receipt.
    pub async fn get_order(
        &self,
        payment_type: &str,
        order_id: &str,
    ) -> Result<OrderV2Response, ClientError> {
        refuse_invalid(&[
            validate_payment_type(payment_type),
            validate_order_id(order_id),
        ])?;
        self.fetch_order(wire_payment_type(payment_type), order_id)
            .await
    }

    /// `PUT v2/{paymentType}/categories/{orderId}`: sets (replaces) the order's category.
    /// Returns the id the API's answer carries, if any.
    pub async fn set_category(
        &self,
        payment_type: &str,
        order_id: &str,
        category: &OrderCategory,
    ) -> Result<Option<String>, ClientError> {
        refuse_invalid(&[
            validate_payment_type(payment_type),
            validate_order_id(order_id),
            validate_order_category(category),
        ])?;
        let payment_type = wire_payment_type(payment_type);
        let url = order_management_url(
            &self.base_url,
            &[
                Segment::Lit("v2"),
                Segment::Id(payment_type),
                Segment::Lit("categories"),
                Segment::Id(order_id),
            ],
        )?;
        let context = request_name(Method::Put, &url, &self.base_url);
        let body = category.to_json();
        let response = self.call(Method::Put, url, Some(body), &context).await?;
        check_declared_json(&response, &context)?;
        Ok(returned_id(&response))
    }

    /// `POST v1/images` for PNG/JPEG content, checked first (format, height ≥ 167 px, ≤ 2 MB).
    /// The id defaults to one derived from the content, so uploading the same image again is
    /// harmless ([`WriteOutcome::AlreadyExists`]). A caller-chosen id that is already taken by an
    /// earlier upload is a `conflict` (the API cannot say what it holds).
    pub async fn upload_image(
        &self,
        data: ImageData<'_>,
        image_id: Option<&str>,
    ) -> Result<UploadedImage, ClientError> {
        let bytes: Cow<'_, [u8]> = match data {
            ImageData::Bytes(bytes) => Cow::Borrowed(bytes),
            ImageData::Base64(text) => Cow::Owned(decode_base64(text).map_err(|e| {
                ClientError::invalid_input(
                    "the image is not valid base64",
                    vec![Issue {
                        path: "src".to_owned(),
                        code: e.code(),
                        message: e.to_string(),
                    }],
                )
            })?),
        };
        let image = image_request(&bytes, image_id)
            .map_err(|issues| ClientError::invalid_input(summary(&issues), issues))?;
        let id_from_content = image.image_id == content_image_id(&bytes);
        self.post_image(&image, id_from_content).await
    }

    /// `POST v1/images` with a ready upload body (checked with [`validate_image`] first).
    pub async fn upload_image_request(&self, image: &Image) -> Result<UploadedImage, ClientError> {
        refuse_invalid(&[validate_image(image)])?;
        let id_from_content =
            decode_base64(&image.src).is_ok_and(|bytes| image.image_id == content_image_id(&bytes));
        self.post_image(image, id_from_content).await
    }

    /// `POST v3/categories`. Each POST makes a new `categoryId` and no document mentions an
    /// `Idempotency-Key` for it, so an attempt whose outcome is unknown (timeout, dropped
    /// connection, 5xx) is never simply repeated: the order's categories are listed first, and
    /// one that matches (type, url, imageId) is returned as [`WriteOutcome::AlreadyExists`].
    pub async fn add_category(
        &self,
        request: &AddCategoryRequest,
    ) -> Result<AddedCategory, ClientError> {
        refuse_invalid(&[validate_add_category_request(request)])?;
        let url = order_management_url(
            &self.base_url,
            &[Segment::Lit("v3"), Segment::Lit("categories")],
        )?;
        let context = request_name(Method::Post, &url, &self.base_url);
        let body = request.to_json();
        let policy = self.options.retry;
        let mut number = 0u32;
        loop {
            number += 1;
            let once = self
                .call_with(
                    Method::Post,
                    &url,
                    Some(body.clone()),
                    &context,
                    &AtomicU32::new(0),
                    RetryPolicy::NONE,
                )
                .await;
            let error = match once {
                Ok(response) => {
                    let created = parse_json(&response, &context, read::add_category_response)?;
                    return Ok(AddedCategory {
                        category_id: created.category_id,
                        outcome: WriteOutcome::Created,
                    });
                }
                Err(error) if outcome_unknown(&error) || error.status == Some(429) => error,
                Err(error) => return Err(gave_up(error, number)),
            };
            let mut last = number >= policy.attempts();
            if !last {
                match error.retry_after_ms {
                    // The API asked for more patience than the policy has: the last attempt.
                    Some(ms) if ms > policy.max_delay_ms => last = true,
                    Some(ms) => self.transport.sleep(ms).await,
                    None => {
                        let delay_ms = policy.backoff_ms(number, self.transport.random_u32());
                        self.transport.sleep(delay_ms).await;
                    }
                }
            }
            // A 429 was not applied; anything else may have been.
            if outcome_unknown(&error) {
                match self.find_category(request).await {
                    Ok(Some(found)) => {
                        return Ok(AddedCategory {
                            category_id: found.category_id,
                            outcome: WriteOutcome::AlreadyExists,
                        });
                    }
                    Ok(None) => {}
                    Err(read_error) => {
                        return Err(ClientError {
                            message: Text::new()
                                .str(&gave_up(error.clone(), number).message)
                                .str(
                                    " (the category may have been added: listing the order's \
                                     categories to find out failed: ",
                                )
                                .str(read_error.code.as_str())
                                .str(": ")
                                .str(&read_error.message)
                                .str(")")
                                .done(),
                            ..error
                        });
                    }
                }
            }
            if last {
                return Err(gave_up(error, number));
            }
        }
    }

    /// The order's v3 category that matches `request` (type, url, imageId), if any.
    async fn find_category(
        &self,
        request: &AddCategoryRequest,
    ) -> Result<Option<Category>, ClientError> {
        let listed = self.get_categories(Some(&request.order_id)).await?;
        Ok(listed.categories.into_iter().find(|category| {
            category.category_type.as_ref() == Some(&request.category_type)
                && category.url.as_deref() == Some(request.url.as_str())
                && category.image_id == request.image_id
                && category
                    .order_id
                    .as_deref()
                    .is_none_or(|id| id == request.order_id)
        }))
    }

    /// `GET v3/categories`, optionally `?orderId=` (the spec makes the query optional).
    pub async fn get_categories(
        &self,
        order_id: Option<&str>,
    ) -> Result<GetCategoriesResponse, ClientError> {
        if let Some(order_id) = order_id {
            refuse_invalid(&[validate_order_id(order_id)])?;
        }
        let mut url = order_management_url(
            &self.base_url,
            &[Segment::Lit("v3"), Segment::Lit("categories")],
        )?;
        if let Some(order_id) = order_id {
            url.push_str("?orderId=");
            push_encoded(&mut url, order_id);
        }
        let context = request_name(Method::Get, &url, &self.base_url);
        let response = self.call(Method::Get, url, None, &context).await?;
        parse_json(&response, &context, read::get_categories_response)
    }

    /// `GET v3/categories/{categoryId}`.
    pub async fn get_category(&self, category_id: &str) -> Result<Category, ClientError> {
        refuse_invalid(&[check_category_id(category_id)])?;
        let url = self.category_url(category_id)?;
        let context = request_name(Method::Get, &url, &self.base_url);
        let response = self.call(Method::Get, url, None, &context).await?;
        parse_json(&response, &context, read::category)
    }

    /// `DELETE v3/categories/{categoryId}`. A 404 after an earlier attempt of this call may
    /// have reached the API is success: that attempt deleted it.
    pub async fn delete_category(&self, category_id: &str) -> Result<(), ClientError> {
        refuse_invalid(&[check_category_id(category_id)])?;
        let url = self.category_url(category_id)?;
        let context = request_name(Method::Delete, &url, &self.base_url);
        let sent = AtomicU32::new(0);
        match self
            .call_counting(Method::Delete, url, None, &context, &sent)
            .await
        {
            Ok(response) => check_declared_json(&response, &context),
            Err(error) if error.code == ErrorCode::NotFound && sent.load(Ordering::Relaxed) > 0 => {
                Ok(())
            }
            Err(error) => Err(error),
        }
    }

    fn category_url(&self, category_id: &str) -> Result<String, ClientError> {
        order_management_url(
            &self.base_url,
            &[
                Segment::Lit("v3"),
                Segment::Lit("categories"),
                Segment::Id(category_id),
            ],
        )
    }

    async fn fetch_order(
        &self,
        payment_type: &str,
        order_id: &str,
    ) -> Result<OrderV2Response, ClientError> {
        let url = order_management_url(
            &self.base_url,
            &[
                Segment::Lit("v2"),
                Segment::Id(payment_type),
                Segment::Id(order_id),
            ],
        )?;
        let context = request_name(Method::Get, &url, &self.base_url);
        let response = self.call(Method::Get, url, None, &context).await?;
        parse_json(&response, &context, read::order_v2_response)
    }

    /// Posts an image. An id that is already taken (409, or a 400 saying "duplicate") counts as
    /// [`WriteOutcome::AlreadyExists`] only when that is certain to be this image: the id is
    /// derived from these bytes. A caller-chosen id taken after a retry is
    /// [`WriteOutcome::IdTaken`] (maybe our earlier attempt, maybe not); taken on the first
    /// attempt, it holds some other upload, which the API cannot overwrite: `conflict`.
    async fn post_image(
        &self,
        image: &Image,
        id_from_content: bool,
    ) -> Result<UploadedImage, ClientError> {
        let url = order_management_url(
            &self.base_url,
            &[Segment::Lit("v1"), Segment::Lit("images")],
        )?;
        let context = request_name(Method::Post, &url, &self.base_url);
        let uploaded = |outcome| UploadedImage {
            image_id: image.image_id.clone(),
            outcome,
            id_from_content,
        };
        let sent = AtomicU32::new(0);
        match self
            .call_counting(Method::Post, url, Some(image.to_json()), &context, &sent)
            .await
        {
            Ok(response) => {
                check_declared_json(&response, &context)?;
                Ok(uploaded(WriteOutcome::Created))
            }
            Err(error) if error.code == ErrorCode::Conflict || says_duplicate(&error) => {
                if id_from_content {
                    Ok(uploaded(WriteOutcome::AlreadyExists))
                } else if sent.load(Ordering::Relaxed) > 0 {
                    // Perhaps our earlier attempt, perhaps another upload: not claimed as ours.
                    Ok(uploaded(WriteOutcome::IdTaken))
                } else {
                    let mut conflict = error;
                    conflict.code = ErrorCode::Conflict;
                    conflict.message = Text::new()
                        .str(&context)
                        .str(": the image id '")
                        .str(&image.image_id)
                        .str(
                            "' is already taken, and an image cannot be overwritten; whether it \
                             holds these bytes cannot be known. Upload without an id (it is then \
                             derived from the content) or choose a new id",
                        )
                        .done();
                    Err(conflict)
                }
            }
            Err(error) => Err(error),
        }
    }

    /// One logical API call: a token, one idempotency key, retries, one token renewal on 401.
    async fn call(
        &self,
        method: Method,
        url: String,
        body: Option<String>,
        context: &str,
    ) -> Result<HttpResponse, ClientError> {
        self.call_counting(method, url, body, context, &AtomicU32::new(0))
            .await
    }

    /// [`Self::call_counting`] with the client's retry policy.
    async fn call_counting(
        &self,
        method: Method,
        url: String,
        body: Option<String>,
        context: &str,
        sent: &AtomicU32,
    ) -> Result<HttpResponse, ClientError> {
        self.call_with(method, &url, body, context, sent, self.options.retry)
            .await
    }

    /// [`Self::call`], counting in `sent` the attempts that may have reached the API and been
    /// applied (see [`may_have_applied`]), so a caller can tell a conflict with its own earlier
    /// attempt from a conflict with something that was there before.
    async fn call_with(
        &self,
        method: Method,
        url: &str,
        body: Option<String>,
        context: &str,
        sent: &AtomicU32,
        policy: RetryPolicy,
    ) -> Result<HttpResponse, ClientError> {
        let key = idempotency_key(|| self.transport.random_u32());
        // Atomics rather than `Cell`s: the call's future is `Send` whenever the transport's is.
        let renewed = AtomicBool::new(false);
        let (this, key, body, renewed) = (self, &key, &body, &renewed);
        self.with_retries(policy, context, move || async move {
            loop {
                let token = this.access_token().await?;
                let request = this.api_request(method, url, body.clone(), &token, key);
                let outcome = this.transport.send(request).await;
                let refused = matches!(&outcome, Ok(response) if response.status == 401);
                if may_have_applied(&outcome) {
                    sent.fetch_add(1, Ordering::Relaxed);
                }
                if refused && !renewed.swap(true, Ordering::Relaxed) && this.can_renew_token() {
                    // The token may have been revoked or expired early: renew once, try again.
                    this.tokens.invalidate(&token);
                    continue;
                }
                return Ok(outcome);
            }
        })
        .await
    }

    fn api_request(
        &self,
        method: Method,
        url: &str,
        body: Option<String>,
        token: &Secret,
        idempotency_key: &str,
    ) -> HttpRequest {
        let mut headers = self.common_headers(8);
        headers.push((
            "Authorization".to_owned(),
            ["Bearer ", token.expose()].concat(),
        ));
        headers.push(("Idempotency-Key".to_owned(), idempotency_key.to_owned()));
        if body.is_some() {
            headers.push(("Content-Type".to_owned(), "application/json".to_owned()));
        }
        HttpRequest {
            method,
            url: url.to_owned(),
            headers,
            body,
            timeout_ms: self.options.timeout_ms,
        }
    }

    /// `Ocp-Apim-Subscription-Key`, `Merchant-Serial-Number` and the `Vipps-System-*` headers.
    fn common_headers(&self, extra: usize) -> Vec<(String, String)> {
        let credentials = &self.options.credentials;
        let mut headers = Vec::with_capacity(2 + self.system_headers.len() + extra);
        headers.push((
            "Ocp-Apim-Subscription-Key".to_owned(),
            credentials.subscription_key().expose().to_owned(),
        ));
        headers.push((
            "Merchant-Serial-Number".to_owned(),
            credentials.merchant_serial_number().to_owned(),
        ));
        for (name, value) in &self.system_headers {
            headers.push(((*name).to_owned(), value.clone()));
        }
        headers
    }

    fn can_renew_token(&self) -> bool {
        !matches!(self.options.credentials, Credentials::AccessToken { .. })
    }

    /// A token that is not due for renewal: the cached one, or a new one. One call renews at a
    /// time; a call that finds a renewal in flight waits for it with its own timer, in short
    /// steps, and uses its token (never awaiting the other call: see [`auth`]).
    async fn access_token(&self) -> Result<Secret, ClientError> {
        if let Credentials::AccessToken { token, .. } = &self.options.credentials {
            return Ok(token.clone());
        }
        let mut waited_for = None;
        let mut step_ms = FIRST_WAIT_STEP_MS;
        loop {
            let now_ms = self.transport.now_ms();
            match self
                .tokens
                .claim(now_ms, self.renewal_stale_after_ms(), waited_for)
            {
                Claim::Fresh(token) => return Ok(token),
                Claim::Failed(error) => return Err(error),
                Claim::Renew(ticket) => return self.renew_token(ticket).await,
                Claim::Wait(ticket) => {
                    waited_for = Some(ticket);
                    self.transport.sleep(step_ms).await;
                    step_ms = (step_ms * 2).min(MAX_WAIT_STEP_MS);
                }
            }
        }
    }

    /// How long a renewal may go without a sign of life (one attempt and the longest wait
    /// after it) before a waiting call takes over: its call was cancelled or its request ended.
    fn renewal_stale_after_ms(&self) -> u64 {
        let attempt_ms = match self.options.timeout_ms {
            0 => DEFAULT_TIMEOUT_MS,
            ms => ms,
        };
        attempt_ms.saturating_add(self.options.retry.max_delay_ms)
    }

    /// Gets a new token (from the provider, or `POST accesstoken/get`) and caches it; a failure
    /// goes to the calls that waited for this renewal too.
    async fn renew_token(&self, ticket: RenewalTicket<'_>) -> Result<Secret, ClientError> {
        let fetched = match &self.options.credentials {
            Credentials::Provider { provider, .. } => match provider.access_token().await {
                Ok(provided) if is_header_safe(provided.token.expose()) => {
                    Ok((provided.token, provided.expires_in_ms))
                }
                Ok(_) => Err(ClientError::new(
                    ErrorCode::Unauthorized,
                    "the token provider returned an empty token, or one with characters an \
                     HTTP header cannot carry (only printable ASCII)",
                )),
                Err(error) => Err(error),
            },
            _ => self.fetch_access_token(&ticket).await,
        };
        match fetched {
            Ok((token, expires_in_ms)) => {
                ticket.store(token.clone(), expires_in_ms, self.transport.now_ms());
                Ok(token)
            }
            Err(error) => {
                ticket.fail(&error);
                Err(error)
            }
        }
    }

    /// `POST {base}/accesstoken/get` with the client id and secret.
    async fn fetch_access_token(
        &self,
        renewal: &RenewalTicket<'_>,
    ) -> Result<(Secret, Option<u64>), ClientError> {
        const CONTEXT: &str = "POST accesstoken/get";
        let Credentials::Keys {
            client_id,
            client_secret,
            ..
        } = &self.options.credentials
        else {
            return Err(ClientError::new(
                ErrorCode::Unauthorized,
                "no client id and secret to fetch an access token with",
            ));
        };
        let mut url = String::with_capacity(self.base_url.len() + ACCESS_TOKEN_PATH.len());
        url.push_str(&self.base_url);
        url.push_str(ACCESS_TOKEN_PATH);
        let (url, this) = (&url, self);
        let response = self
            .with_retries(self.options.retry, CONTEXT, move || async move {
                // Each attempt tells the waiting calls that this renewal is still alive.
                renewal.alive(this.transport.now_ms());
                let mut headers = this.common_headers(2);
                headers.push(("client_id".to_owned(), client_id.clone()));
                headers.push((
                    "client_secret".to_owned(),
                    client_secret.expose().to_owned(),
                ));
                let request = HttpRequest {
                    method: Method::Post,
                    url: url.clone(),
                    headers,
                    body: None,
                    timeout_ms: this.options.timeout_ms,
                };
                Ok(this.transport.send(request).await)
            })
            .await
            .map_err(|mut error| {
                if matches!(error.code, ErrorCode::Unauthorized | ErrorCode::Forbidden) {
                    error.message = Text::new()
                        .str(CONTEXT)
                        .str(": HTTP ")
                        .int(i128::from(error.status.unwrap_or(0)))
                        .str(
                            ": the access token request was refused; check clientId, \
                             clientSecret, subscriptionKey and merchantSerialNumber",
                        )
                        .done();
                }
                error
            })?;
        parse_token_response(&response.body, self.transport.now_ms()).map_err(|message| {
            ClientError {
                status: Some(response.status),
                ..ClientError::new(
                    ErrorCode::InvalidResponse,
                    Text::new().str(CONTEXT).str(": ").str(&message).done(),
                )
            }
        })
    }

    /// Runs `attempt` until it gets a 2xx, a failure not worth retrying, or the policy's last
    /// attempt. Waits between attempts: `Retry-After` when the API sent one, else backoff.
    async fn with_retries<F, Fut>(
        &self,
        policy: RetryPolicy,
        context: &str,
        attempt: F,
    ) -> Result<HttpResponse, ClientError>
    where
        F: Fn() -> Fut,
        Fut: Future<Output = AttemptResult>,
    {
        let attempts = policy.attempts();
        let mut number = 0u32;
        loop {
            number += 1;
            let failure = match attempt().await? {
                Ok(response) if response.is_success() => return Ok(response),
                // Never followed, never retried (docs/ERRORS.md `redirect`).
                Ok(response) if ErrorCode::for_status(response.status) == ErrorCode::Redirect => {
                    return Err(ClientError::redirect(
                        response.status,
                        response.header("Location"),
                        &self.base_url,
                        context,
                    ));
                }
                Ok(response) => {
                    let retry_after_ms = response
                        .header("Retry-After")
                        .and_then(|value| parse_retry_after(value, self.transport.now_ms()));
                    ClientError::from_status(
                        response.status,
                        &response.body,
                        context,
                        retry_after_ms,
                    )
                }
                Err(TransportError::Timeout) => {
                    let message = Text::new()
                        .str(context)
                        .str(": no answer within ")
                        .int(i128::from(self.options.timeout_ms))
                        .str(" ms")
                        .done();
                    ClientError {
                        cause: Some(TransportError::Timeout),
                        ..ClientError::new(ErrorCode::Timeout, message)
                    }
                }
                Err(TransportError::Network(reason)) => ClientError {
                    message: Text::new().str(context).str(": ").str(&reason).done(),
                    cause: Some(TransportError::Network(reason)),
                    ..ClientError::new(ErrorCode::Network, String::new())
                },
            };
            let retryable = match failure.status {
                Some(status) => is_retryable_status(status),
                None => true,
            };
            if !retryable {
                return Err(failure);
            }
            if number >= attempts {
                return Err(gave_up(failure, number));
            }
            let delay_ms = match failure.retry_after_ms {
                // The API asked for more patience than the policy has: let the caller decide.
                Some(ms) if ms > policy.max_delay_ms => return Err(gave_up(failure, number)),
                Some(ms) => ms,
                None => policy.backoff_ms(number, self.transport.random_u32()),
            };
            self.transport.sleep(delay_ms).await;
        }
    }
}

/// How a request is named in messages: its method and its path below the API's prefix, ids
/// percent-encoded as sent (`POST v2/ECOM/receipts/order-1`), so that an error names the order,
/// category or image it was about. The base URL is left out; a URL holds no secret (credentials
/// and tokens go in headers) and the token request, named apart, has no query.
fn request_name(method: Method, url: &str, base_url: &str) -> String {
    let path = url.strip_prefix(base_url).unwrap_or(url);
    let path = path.strip_prefix(ORDER_MANAGEMENT_PATH).unwrap_or(path);
    Text::new()
        .str(method.as_str())
        .str(" ")
        .str(path.trim_start_matches('/'))
        .done()
}

/// `paymentType` as the spec spells it (upper case), whatever case the caller used (the guide
/// writes "either `ecom` or `recurring`"). Validated before, so always a known value.
fn wire_payment_type(text: &str) -> &str {
    match PaymentType::parse(text) {
        Some(PaymentType::Ecom) => PaymentType::Ecom.as_str(),
        Some(PaymentType::Recurring) => PaymentType::Recurring.as_str(),
        _ => text,
    }
}

/// A failure after which the write may or may not have happened: no answer, or a 5xx.
fn outcome_unknown(error: &ClientError) -> bool {
    matches!(error.code, ErrorCode::Timeout | ErrorCode::Network)
        || error.status.is_some_and(|status| status >= 500)
}

/// The id a write's 2xx answer carries: the spec's `201Created`/`200Upserted` body is a JSON
/// string. Anything else (no body, an object) carries none.
fn returned_id(response: &HttpResponse) -> Option<String> {
    let arena = Arena::new();
    match read_tree(&arena, response.body.trim()).ok()?.value {
        JsonValue::String(id) if !id.is_empty() => Some(id.to_owned()),
        _ => None,
    }
}

fn gave_up(mut error: ClientError, attempts: u32) -> ClientError {
    if attempts > 1 {
        error.message = Text::new()
            .str(&error.message)
            .str(" (after ")
            .int(i128::from(attempts))
            .str(" attempts)")
            .done();
    }
    error
}

/// `invalid_input` with the errors of every report (warnings don't stop a call), else `Ok`.
fn refuse_invalid(reports: &[Report]) -> Result<(), ClientError> {
    let issues: Vec<Issue> = reports
        .iter()
        .flat_map(|report| report.errors.iter().cloned())
        .collect();
    if issues.is_empty() {
        Ok(())
    } else {
        Err(ClientError::invalid_input(summary(&issues), issues))
    }
}

/// "invalid input: <first path>: <its message> (and N more)".
pub(crate) fn summary(issues: &[Issue]) -> String {
    match issues.first() {
        Some(first) => {
            let at = if first.path.is_empty() {
                "(root)"
            } else {
                &first.path
            };
            let mut text = Text::new();
            text.str("invalid input: ")
                .str(at)
                .str(": ")
                .str(&first.message);
            let more = issues.len() - 1;
            if more > 0 {
                text.str(" (and ").int(more as i128).str(" more)");
            }
            text.done()
        }
        None => "invalid input".to_owned(),
    }
}

fn check_category_id(category_id: &str) -> Report {
    let mut issues = Issues::new();
    check_identifier(
        category_id,
        "categoryId",
        Some(MAX_IMAGE_ID_LEN),
        &mut issues,
    );
    issues.into_report()
}

/// A 2xx body as the spec's type, read with `read` (crate::model::read), or `invalid_response`
/// naming the first problem and its path (never retried: asking again would most likely get the
/// same body).
fn parse_json<R>(
    response: &HttpResponse,
    context: &str,
    read: fn(&JsonValue<'_>, &Path, &mut Issues) -> Option<R>,
) -> Result<R, ClientError> {
    let mut issues = Issues::new();
    read_root(&response.body, &mut issues, read).ok_or_else(|| {
        let mut message = Text::new();
        message
            .str(context)
            .str(": the response is not the JSON the API specifies: ");
        push_issue(&mut message, &issues.into_report().errors);
        ClientError {
            status: Some(response.status),
            ..ClientError::new(ErrorCode::InvalidResponse, message.done())
        }
    })
}

/// "<path>: <message>" of the first issue ("(root)" for the root), or "unreadable" if none.
fn push_issue(out: &mut Text, issues: &[Issue]) {
    let Some(first) = issues.first() else {
        out.str("unreadable");
        return;
    };
    out.str(if first.path.is_empty() {
        "(root)"
    } else {
        &first.path
    })
    .str(": ")
    .str(&first.message);
}

/// A write's 2xx answer (the spec gives receipts and v2 categories no body) is believed only if
/// a body that says it is JSON parses: a garbled answer may come from something in between
/// that never passed the write on, so "created" would be a guess. `invalid_response` instead
/// (repeating the call is safe: writes are idempotent or read back).
fn check_declared_json(response: &HttpResponse, context: &str) -> Result<(), ClientError> {
    let says_json = response
        .header("Content-Type")
        .is_some_and(|value| value.to_ascii_lowercase().contains("json"));
    if !says_json || response.body.trim().is_empty() {
        return Ok(());
    }
    match read_tree(&Arena::new(), &response.body) {
        Ok(_) => Ok(()),
        Err(issue) => {
            let message = Text::new()
                .str(context)
                .str(": HTTP ")
                .int(i128::from(response.status))
                .str(" with a body that is not valid JSON (")
                .str(&issue.message)
                .str("); the write may not have happened")
                .done();
            Err(ClientError {
                status: Some(response.status),
                ..ClientError::new(ErrorCode::InvalidResponse, message)
            })
        }
    }
}

/// The images endpoint answers a second upload of an id with 409, or on some paths with a 400
/// whose problem says "duplicate" / "already exists".
fn says_duplicate(error: &ClientError) -> bool {
    if error.status != Some(400) {
        return false;
    }
    let Some(problem) = &error.problem else {
        return false;
    };
    let mentions = |text: &str| {
        let lower = text.to_ascii_lowercase();
        lower.contains("duplicate") || lower.contains("already exists")
    };
    [&problem.title, &problem.detail]
        .into_iter()
        .flatten()
        .any(|text| mentions(text))
        || problem
            .field_problems()
            .iter()
            .any(|param| mentions(&param.reason))
}

/// Whether an attempt may have been applied by the API: a 2xx did it; a 5xx or a lost answer
/// (network error, timeout) may have. Any 3xx or 4xx (401, 404, 409, 429, ...) is a refusal that
/// changed nothing, so a later 404 or 409 of the same call cannot be blamed on it.
fn may_have_applied(outcome: &Result<HttpResponse, TransportError>) -> bool {
    match outcome {
        Ok(response) => (200..300).contains(&response.status) || response.status >= 500,
        Err(_) => true,
    }
}

/// Receipts compared by meaning, so a read-back is "the same receipt" whenever the API could
/// have made it from the one posted: both are parsed values (absent and `null` are the same
/// `None`); defaults the API may write out (`false`, `0`, `PCS`, zero payment sources) count
/// as absent; a rate is its basis points whether given as `taxRate`, `taxPercentage` or both
/// (the reference's GET sample returns both); quantities compare as numbers (`"2.50"` = `"2.5"`);
/// and the fields the API derives or fills (the deprecated sums, `giftCardAmount`,
/// `shippingAmount`, `shippingInfo`, `terminalId`) count only when the attempted receipt set
/// them. Any difference in a line, an amount, a rate or the total is a different receipt.
fn same_receipt(existing: &Receipt, attempted: &Receipt) -> bool {
    fn normalised(receipt: &Receipt, filled_by_api_ok: Option<&Receipt>) -> Receipt {
        let mut receipt = receipt.clone();
        for line in &mut receipt.order_lines {
            line.tax_rate = line.tax_rate_bp();
            line.tax_percentage = None;
            if line.is_return == Some(false) {
                line.is_return = None;
            }
            if line.is_shipping == Some(false) {
                line.is_shipping = None;
            }
            if line.discount == Some(0) {
                line.discount = None;
            }
            if let Some(unit) = &mut line.unit_info {
                if unit.quantity_unit == Some(QuantityUnit::Pcs) {
                    unit.quantity_unit = None;
                }
                if let Ok(quantity) = Quantity::parse(&unit.quantity) {
                    unit.quantity = quantity.decimal().normalized().to_string();
                }
            }
        }
        let bottom = &mut receipt.bottom_line;
        if bottom.tip_amount == Some(0) {
            bottom.tip_amount = None;
        }
        if let Some(sources) = &mut bottom.payment_sources {
            for source in [
                &mut sources.gift_card,
                &mut sources.card,
                &mut sources.voucher,
                &mut sources.cash,
            ] {
                if *source == Some(0) {
                    *source = None;
                }
            }
            if *sources == PaymentSources::default() {
                bottom.payment_sources = None;
            }
        }
        bottom.total_amount = None;
        bottom.total_tax = None;
        bottom.total_discount = None;
        if let Some(attempted) = filled_by_api_ok.map(|r| &r.bottom_line) {
            if attempted.gift_card_amount.is_none() {
                bottom.gift_card_amount = None;
            }
            if attempted.shipping_amount.is_none() {
                bottom.shipping_amount = None;
            }
            if attempted.shipping_info.is_none() {
                bottom.shipping_info = None;
            }
            if attempted.terminal_id.is_none() {
                bottom.terminal_id = None;
            }
        }
        receipt
    }
    normalised(existing, Some(attempted)) == normalised(attempted, None)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn receipt(json: &str) -> Receipt {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn receipts_compare_as_data() {
        let plain = receipt(
            r#"{"orderLines":[{"name":"A","id":"1","totalAmount":100,"totalAmountExcludingTax":80,"totalTaxAmount":20,"taxRate":2500}],"bottomLine":{"currency":"NOK"}}"#,
        );
        let with_nulls = receipt(
            r#"{"orderLines":[{"id":"1","name":"A","totalTaxAmount":20,"totalAmountExcludingTax":80,"totalAmount":100,"taxRate":2500,"discount":null,"isReturn":false}],"bottomLine":{"currency":"NOK","tipAmount":null}}"#,
        );
        let different = receipt(
            r#"{"orderLines":[{"name":"A","id":"1","totalAmount":101,"totalAmountExcludingTax":81,"totalTaxAmount":20,"taxRate":2500}],"bottomLine":{"currency":"NOK"}}"#,
        );
        assert!(same_receipt(&plain, &with_nulls));
        assert!(!same_receipt(&plain, &different));
        // Defaults and computed sums the API may echo back are not a different receipt.
        let echoed = receipt(
            r#"{"orderLines":[{"name":"A","id":"1","totalAmount":100,"totalAmountExcludingTax":80,"totalTaxAmount":20,"taxRate":2500,"discount":0}],"bottomLine":{"currency":"NOK","tipAmount":0,"totalAmount":100,"totalTax":20,"totalDiscount":0}}"#,
        );
        assert!(same_receipt(&echoed, &plain));
        let with_unit = |unit: &str| {
            receipt(&format!(
                r#"{{"orderLines":[{{"name":"A","id":"1","totalAmount":100,"totalAmountExcludingTax":80,"totalTaxAmount":20,"taxRate":2500,"unitInfo":{{"unitPrice":100,"quantity":"1"{unit}}}}}],"bottomLine":{{"currency":"NOK"}}}}"#
            ))
        };
        assert!(same_receipt(
            &with_unit(r#","quantityUnit":"PCS""#),
            &with_unit("")
        ));
        assert!(!same_receipt(
            &with_unit(r#","quantityUnit":"KG""#),
            &with_unit("")
        ));
    }

    #[test]
    fn duplicate_400_is_recognised_only_from_the_problem() {
        let body = r#"{"title":"Bad Request","extraDetails":[{"name":"imageId","reason":"Duplicate imageId"}]}"#;
        assert!(says_duplicate(&ClientError::from_status(
            400, body, "x", None
        )));
        let other =
            r#"{"title":"Bad Request","extraDetails":[{"name":"src","reason":"too short"}]}"#;
        assert!(!says_duplicate(&ClientError::from_status(
            400, other, "x", None
        )));
        assert!(!says_duplicate(&ClientError::from_status(
            500, body, "x", None
        )));
    }

    #[test]
    fn summary_names_the_first_issue_and_counts_the_rest() {
        let issue = |path: &str| Issue {
            path: path.to_owned(),
            code: crate::codes::EMPTY,
            message: "must not be empty".to_owned(),
        };
        assert_eq!(
            summary(&[issue("orderId"), issue("")]),
            "invalid input: orderId: must not be empty (and 1 more)"
        );
        assert_eq!(
            summary(&[issue("")]),
            "invalid input: (root): must not be empty"
        );
    }
}
