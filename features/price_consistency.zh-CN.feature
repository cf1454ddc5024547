# language: zh-CN
@product:mobile_plan @cross-channel @lang:zh-CN
功能: 各渠道资费一致
  同一位客户在销售手机套餐的每个渠道询问资费,页面、语音提示、短信回复和API告知的资费和条款必须一致。

  场景: 同一位客户在每个渠道查询手机套餐资费
    假如 一位在销售手机套餐的每个渠道询问的新客户
    当 客户在每个渠道查找手机套餐
    那么 每个渠道告知的资费和条款与其他渠道一致 [PRICE-CONSISTENT]
