@product:mobile_plan @cross-channel
Feature: The same price and terms on every channel
  A customer who asks every channel the mobile plan is sold on must be told the same price
  and terms everywhere: a page, a voice prompt, an SMS reply and the API. Each channel that
  disagrees with the others is a problem of its own; what is billed is held to the published
  tariff by the walks of each channel.

  Scenario: One customer asks every channel for the mobile plan's price
    Given a new customer who asks on every channel the mobile plan is sold on
    When the customer looks up the mobile plan on each channel
    Then each channel states the same price and terms as the others [PRICE-CONSISTENT]
